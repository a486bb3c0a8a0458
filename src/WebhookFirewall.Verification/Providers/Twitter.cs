using System.Text;
using WebhookFirewall.Verification.Primitives;
using WebhookFirewall.Verification.Providers.Handshakes;
using WebhookFirewall.Verification.Schemes;

namespace WebhookFirewall.Verification.Providers;

/// <summary>
/// X (Twitter) webhooks: `x-twitter-webhooks-signature: sha256=` + base64 HMAC-SHA256 of the body with the app's
/// consumer secret, and the unsigned CRC GET answered with an HMAC under that same secret (xdevplatform/docs
/// x-api/webhooks/quickstart.mdx). X documents no delivery id: deliveries are keyed by content.
/// </summary>
/// <remarks>
/// The CRC makes the firewall sign text of the caller's choice with the delivery key. <see cref="TwitterCrc"/> signs
/// only tokens without a `{`, and a body without a `{` is refused here even when its signature holds: X delivers
/// JSON objects, so no CRC answer can be replayed as a delivery.
/// </remarks>
internal static class Twitter
{
    private static readonly HmacScheme Scheme = new() { Header = "x-twitter-webhooks-signature", Prefix = "sha256=", Encoding = SignatureEncoding.Base64 };

    public static ProviderDefinition Definition { get; } = new()
    {
        Name = "twitter",
        Summary = $"{Scheme.Summary}, the body a JSON object (it holds a '{{'); unsigned GET ?crc_token= answered for tokens without {{}}\": or whitespace, at most {ChallengeTokens.MaxLength} characters",
        Check = (settings, problems) => new JsonObjectBodyCheck(new HmacCheck(Scheme, SigningKeys.Decode(settings.Secrets, SecretDecoding.Utf8, problems))),
        UnsignedHandshake = settings => new TwitterCrc(Encoding.UTF8.GetBytes(settings.Secrets[0])),
    };

    private sealed class JsonObjectBodyCheck(HmacCheck inner) : ISignatureCheck, IWebhookSigner
    {
        public Coverage Covers => inner.Covers;

        public SignatureCheckResult Check(in WebhookRequest request)
        {
            var result = inner.Check(request);
            return result.Succeeded && !request.Body.Span.Contains((byte)'{')
                ? SignatureCheckResult.Fail(FailureCode.InvalidSignature, "the signature holds but the body has no `{`, so it is no JSON object: X delivers JSON objects, and a body like this one is what a CRC answer signs, so it proves nothing.")
                : result;
        }

        public void Sign(SigningInput input, ICollection<KeyValuePair<string, string>> headers) => inner.Sign(input, headers);
    }
}
