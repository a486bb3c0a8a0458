using WebhookFirewall.Verification.Primitives;
using WebhookFirewall.Verification.Schemes;

namespace WebhookFirewall.Verification.Providers;

/// <summary>
/// Any HMAC sender described in config: `Header`, `Algorithm` (sha1|sha256|sha512), `Encoding` (hex|base64),
/// `Prefix`, `TimestampHeader` (Unix seconds) and `SignedContent` (default `{body}`) — an <see cref="HmacScheme"/>
/// written by the operator.
/// </summary>
internal static class GenericHmac
{
    public static ProviderDefinition Definition { get; } = new()
    {
        Name = "generic-hmac",
        Summary = "Header: Prefix + Encoding(HMAC-Algorithm(secret, SignedContent)), optional TimestampHeader",
        Requires = ProviderSetting.Secrets | ProviderSetting.Header,
        Accepts = ProviderSetting.Algorithm | ProviderSetting.Encoding | ProviderSetting.Prefix | ProviderSetting.TimestampHeader | ProviderSetting.SignedContent,
        Check = Check,
    };

    private static HmacCheck Check(ProviderSettings settings, ICollection<SettingProblem> problems)
    {
        var algorithm = Hmac.FromSetting(settings.Algorithm, HmacAlgorithm.Sha256, problems);

        var encoding = SignatureEncoding.Hex;
        if (settings.Encoding is not null && !SignatureDecoder.TryParse(settings.Encoding, out encoding))
        {
            problems.Add(new SettingProblem("Encoding", $"'{settings.Encoding}' is not one of hex, base64"));
        }

        var template = SignedContentTemplate.BodyOnly;
        if (settings.SignedContent is not null && !SignedContentTemplate.TryParse(settings.SignedContent, out template, out var error))
        {
            problems.Add(new SettingProblem("SignedContent", error!));
        }

        template ??= SignedContentTemplate.BodyOnly;
        var hasTimestampHeader = !string.IsNullOrWhiteSpace(settings.TimestampHeader);
        if (template.UsesTimestamp && !hasTimestampHeader)
        {
            problems.Add(new SettingProblem("TimestampHeader", "SignedContent uses {timestamp}, so TimestampHeader must name the header that carries it"));
        }

        if (hasTimestampHeader && !template.UsesTimestamp)
        {
            problems.Add(new SettingProblem("SignedContent", "TimestampHeader is set but SignedContent has no {timestamp}: an unsigned timestamp cannot protect against replay"));
        }

        if (template.UsesUrl)
        {
            // The check is never given a URL for generic-hmac, so {url} would be signed as empty text and no real
            // signature could match: refuse it here rather than reject every delivery at run time.
            problems.Add(new SettingProblem("SignedContent", "uses {url}, which generic-hmac cannot fill in (it is not given the request URL)"));
        }

        if (template.UsesDeliveryId && string.IsNullOrWhiteSpace(settings.KeyHeader))
        {
            problems.Add(new SettingProblem("SignedContent", "uses {id}, so Idempotency:KeyHeader must name the header that carries it"));
        }

        var scheme = new HmacScheme
        {
            Header = settings.Header ?? string.Empty,
            Algorithm = algorithm,
            Encoding = encoding,
            Prefix = settings.Prefix ?? string.Empty,
            Content = template,
            TimestampHeader = hasTimestampHeader ? settings.TimestampHeader : null,
            IdHeader = template.UsesDeliveryId ? settings.KeyHeader : null,
        };
        return new HmacCheck(scheme, SigningKeys.Decode(settings.Secrets, SecretDecoding.Utf8, problems));
    }
}
