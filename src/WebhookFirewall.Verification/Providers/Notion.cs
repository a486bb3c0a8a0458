using WebhookFirewall.Verification.Primitives;

namespace WebhookFirewall.Verification.Providers;

/// <summary>
/// Notion: `X-Notion-Signature: sha256=` hex HMAC-SHA256 of the body, keyed with the subscription's
/// `verification_token`. That token reaches the endpoint once, in an unsigned setup request that this preset refuses
/// (missing_signature): read it while the route is `Anonymous`, then configure it as the secret.
/// </summary>
public static class Notion
{
    public static ProviderDefinition Definition { get; } = new()
    {
        Name = "notion",
        Summary = "X-Notion-Signature: sha256=hex(HMAC-SHA256(verification_token, body))",
        DefaultDeliveryId = DeliveryIdSource.JsonField("id"),
        Create = (settings, problems) => new ProviderVerifier(
            "notion",
            GitHub.HubSignature("X-Notion-Signature", "sha256=", HmacAlgorithm.Sha256, settings, problems),
            settings.ReplayWindow,
            Definition!.DeliveryIdFor(settings)),
    };
}
