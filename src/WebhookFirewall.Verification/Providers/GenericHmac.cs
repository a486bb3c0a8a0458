using WebhookFirewall.Verification.Primitives;

namespace WebhookFirewall.Verification.Providers;

/// <summary>
/// Any HMAC sender described in config: `Header`, `Algorithm` (sha1|sha256|sha512), `Encoding` (hex|base64),
/// `Prefix`, `TimestampHeader` (Unix seconds) and `SignedContent` (default `{body}`).
/// </summary>
public static class GenericHmac
{
    public static ProviderDefinition Definition { get; } = new()
    {
        Name = "generic-hmac",
        Summary = "Header: Prefix + Encoding(HMAC-Algorithm(secret, SignedContent)), optional TimestampHeader",
        Create = Create,
    };

    private static ProviderVerifier Create(ProviderSettings settings, ICollection<SettingProblem> problems)
    {
        if (string.IsNullOrWhiteSpace(settings.Header))
        {
            problems.Add(new SettingProblem("Header", "provider 'generic-hmac' needs Header (the header that carries the signature)"));
        }

        var algorithm = HmacAlgorithm.Sha256;
        if (settings.Algorithm is not null && !Hmac.TryParse(settings.Algorithm, out algorithm))
        {
            problems.Add(new SettingProblem("Algorithm", $"'{settings.Algorithm}' is not one of sha1, sha256, sha512"));
        }

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
            // HmacSignatureCheck is never given the URL, so {url} would be signed as empty text and no real
            // signature could match: refuse it here rather than reject every delivery at run time.
            problems.Add(new SettingProblem("SignedContent", "uses {url}, which generic-hmac cannot fill in (it is not given the request URL)"));
        }

        if (template.UsesDeliveryId && string.IsNullOrWhiteSpace(settings.KeyHeader))
        {
            problems.Add(new SettingProblem("SignedContent", "uses {id}, so Idempotency:KeyHeader must name the header that carries it"));
        }

        return new ProviderVerifier(
            "generic-hmac",
            new HmacSignatureCheck(settings.Header ?? string.Empty, SigningKeys.Decode(settings.Secrets, SecretDecoding.Utf8, problems))
            {
                Algorithm = algorithm,
                Encoding = encoding,
                Prefix = settings.Prefix ?? string.Empty,
                SignedContent = template,
                TimestampHeader = hasTimestampHeader ? settings.TimestampHeader : null,
                DeliveryIdHeader = template.UsesDeliveryId ? settings.KeyHeader : null,
            },
            settings.ReplayWindow,
            Definition!.DeliveryIdFor(settings));
    }
}
