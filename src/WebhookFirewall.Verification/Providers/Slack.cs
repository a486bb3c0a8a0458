using System.Text;
using WebhookFirewall.Verification.Primitives;

namespace WebhookFirewall.Verification.Providers;

/// <summary>
/// Slack: `X-Slack-Signature: v0=` hex HMAC-SHA256 of `v0:{timestamp}:{body}`, timestamp in
/// `X-Slack-Request-Timestamp`. The Events API's signed `url_verification` is answered here with its challenge.
/// </summary>
public static class Slack
{
    // Declared before Definition: static initializers run in order.
    private static readonly SignedContentTemplate SignedContent = SignedContentTemplate.Parse("v0:{timestamp}:{body}");

    public static ProviderDefinition Definition { get; } = new()
    {
        Name = "slack",
        Summary = "X-Slack-Signature: v0=hex(HMAC-SHA256(secret, \"v0:{timestamp}:{body}\")), X-Slack-Request-Timestamp",
        DefaultDeliveryId = DeliveryIdSource.JsonField("event_id"),
        Create = (settings, problems) => new ProviderVerifier(
            "slack",
            new HmacSignatureCheck("X-Slack-Signature", SigningKeys.Decode(settings.Secrets, SecretDecoding.Utf8, problems))
            {
                Prefix = "v0=",
                SignedContent = SignedContent,
                TimestampHeader = "X-Slack-Request-Timestamp",
            },
            settings.ReplayWindow,
            Definition!.DeliveryIdFor(settings),
            signedHandshake: new UrlVerification()),
    };

    /// <summary>`{"type":"url_verification","challenge":"..."}` → the challenge as text/plain.</summary>
    private sealed class UrlVerification : IHandshake
    {
        private static readonly byte[] TypeName = Encoding.UTF8.GetBytes("type");
        private static readonly byte[] ChallengeName = Encoding.UTF8.GetBytes("challenge");

        public bool TryAnswer(in WebhookRequest request, int secretIndex, out VerificationResult result)
        {
            var body = request.Body.Span;
            // Every signed event passes here: compare `type` in place rather than allocate it as a string.
            if (JsonBodyFields.StringEquals(body, TypeName, "url_verification"u8)
                && JsonBodyFields.TryGetString(body, ChallengeName, out var challenge) && challenge is not null)
            {
                result = VerificationResult.Challenge(HandshakeResponse.PlainText(challenge), secretIndex);
                return true;
            }

            result = default;
            return false;
        }
    }
}
