using WebhookFirewall.Verification.Primitives;

namespace WebhookFirewall.Verification.Providers;

/// <summary>
/// Meta (Facebook, Instagram, WhatsApp): `X-Hub-Signature-256: sha256=` hex HMAC-SHA256 of the body with the app
/// secret. The subscription handshake is an unsigned GET proved by `hub.verify_token`, answered with `hub.challenge`.
/// </summary>
public static class Meta
{
    public static ProviderDefinition Definition { get; } = new()
    {
        Name = "meta",
        Summary = "X-Hub-Signature-256: sha256=hex(HMAC-SHA256(app secret, body)); GET hub.verify_token handshake",
        NeedsVerifyToken = true,
        Create = (settings, problems) => new ProviderVerifier(
            "meta",
            GitHub.HubSignature("X-Hub-Signature-256", "sha256=", HmacAlgorithm.Sha256, settings, problems),
            settings.ReplayWindow,
            Definition!.DeliveryIdFor(settings),
            unsignedHandshake: new SubscriptionHandshake(new SecretTokens([settings.VerifyToken!]))),
    };

    /// <summary>`GET ?hub.mode=subscribe&amp;hub.verify_token=T&amp;hub.challenge=C` → C, or 403 on a wrong token.</summary>
    private sealed class SubscriptionHandshake(SecretTokens verifyToken) : IHandshake
    {
        public bool TryAnswer(in WebhookRequest request, int secretIndex, out VerificationResult result)
        {
            result = default;
            if (!HttpMethods.IsGet(request.Method))
            {
                return false;
            }

            var mode = QueryParameters.Get(request.QueryString, "hub.mode");
            if (mode.Presence == HeaderPresence.Missing)
            {
                return false;
            }

            var token = QueryParameters.Get(request.QueryString, "hub.verify_token");
            if (mode.Value != "subscribe" || token.Presence != HeaderPresence.Single || verifyToken.IndexOf(token.Value) < 0)
            {
                result = VerificationResult.Fail(FailureCode.InvalidVerifyToken);
                return true;
            }

            var challenge = QueryParameters.Get(request.QueryString, "hub.challenge");
            result = challenge.Presence == HeaderPresence.Single
                ? VerificationResult.Challenge(HandshakeResponse.PlainText(challenge.Value!))
                : VerificationResult.Fail(FailureCode.MalformedSignature);
            return true;
        }
    }
}
