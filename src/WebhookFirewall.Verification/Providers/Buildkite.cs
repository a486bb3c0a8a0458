using WebhookFirewall.Verification.Primitives;
using WebhookFirewall.Verification.Schemes;

namespace WebhookFirewall.Verification.Providers;

/// <summary>
/// Buildkite sends either an HMAC (`X-Buildkite-Signature: timestamp=..,signature=..`, hex HMAC-SHA256 of
/// `{timestamp}.{body}` keyed with the webhook's token) or the token itself (`X-Buildkite-Token`), as its webhook's
/// Token setting says; `Scheme` says which. The signature is the default: it covers the body and bounds replays.
/// </summary>
internal static class Buildkite
{
    private const string TokenHeader = "X-Buildkite-Token";

    private static readonly HmacScheme SignatureScheme = new()
    {
        Header = "X-Buildkite-Signature",
        List = new() { Separator = ',', KeyValue = true, TimestampKey = "timestamp", SignatureKey = "signature" },
        Content = HmacPresets.Template("{timestamp}.{body}"),
    };

    public static ProviderDefinition Definition { get; } = new()
    {
        Name = "buildkite",
        Summary = $"Scheme Signature (default): {SignatureScheme.Summary}; Scheme Token: {TokenHeader} equals a configured secret (constant-time); `ping` is an ordinary delivery",
        Accepts = ProviderSetting.Scheme,
        Check = Create,
        EventTypeHeader = "X-Buildkite-Event",
    };

    private static ISignatureCheck Create(ProviderSettings settings, ICollection<SettingProblem> problems)
    {
        if (string.Equals(settings.Scheme, "Token", StringComparison.OrdinalIgnoreCase))
        {
            return new TokenCheck(TokenHeader, settings.Secrets);
        }

        if (settings.Scheme is not null && !string.Equals(settings.Scheme, "Signature", StringComparison.OrdinalIgnoreCase))
        {
            problems.Add(new SettingProblem("Scheme", $"'{settings.Scheme}' is not Signature or Token (as the webhook's Token setting at Buildkite sends it)"));
        }

        return new SignatureCheck(new HmacCheck(SignatureScheme, SigningKeys.Decode(settings.Secrets, SecretDecoding.Utf8, problems)));
    }

    /// <summary>The HMAC check, saying what to change when the webhook sends its token instead (Buildkite's default).</summary>
    private sealed class SignatureCheck(HmacCheck inner) : ISignatureCheck, IWebhookSigner
    {
        public Coverage Covers => inner.Covers;

        public SignatureCheckResult Check(in WebhookRequest request)
        {
            var result = inner.Check(request);
            return result.Failure == FailureCode.MissingSignature && request.Headers.Get(TokenHeader).Presence != HeaderPresence.Missing
                ? SignatureCheckResult.Fail(
                    FailureCode.MissingSignature,
                    $"`{SignatureScheme.Header}` is absent but `{TokenHeader}` is present: the webhook sends its token, not a signature. Set the webhook to send an HMAC signature at Buildkite (it covers the body), or set Scheme to Token.")
                : result;
        }

        public void Sign(SigningInput input, ICollection<KeyValuePair<string, string>> headers) => inner.Sign(input, headers);
    }
}
