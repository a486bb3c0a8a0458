using WebhookFirewall.Verification.Primitives;

namespace WebhookFirewall.Verification.Providers;

/// <summary>
/// Bitbucket Cloud: `X-Hub-Signature: sha256=` hex HMAC-SHA256 of the body. The delivery id is `X-Request-UUID`, not
/// `X-Hook-UUID`: the latter names the webhook itself and is the same on every event it sends.
/// </summary>
public static class Bitbucket
{
    public static ProviderDefinition Definition { get; } = new()
    {
        Name = "bitbucket",
        Summary = "X-Hub-Signature: sha256=hex(HMAC-SHA256(secret, body))",
        DefaultDeliveryId = DeliveryIdSource.Header("X-Request-UUID"),
        Create = (settings, problems) => new ProviderVerifier(
            "bitbucket",
            GitHub.HubSignature("X-Hub-Signature", "sha256=", HmacAlgorithm.Sha256, settings, problems),
            settings.ReplayWindow,
            Definition!.DeliveryIdFor(settings)),
    };
}
