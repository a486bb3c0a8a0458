using WebhookFirewall.Verification.Primitives;

namespace WebhookFirewall.Verification.Providers;

/// <summary>
/// Intercom: `X-Hub-Signature: sha1=` hex HMAC-SHA1 of the body with the app's client secret. Its `ping` notification
/// is signed like any other and simply forwarded. The notification `id` in the body is the delivery id.
/// </summary>
public static class Intercom
{
    public static ProviderDefinition Definition { get; } = new()
    {
        Name = "intercom",
        Summary = "X-Hub-Signature: sha1=hex(HMAC-SHA1(client secret, body))",
        DefaultDeliveryId = DeliveryIdSource.JsonField("id"),
        Create = (settings, problems) => new ProviderVerifier(
            "intercom",
            GitHub.HubSignature("X-Hub-Signature", "sha1=", HmacAlgorithm.Sha1, settings, problems),
            settings.ReplayWindow,
            Definition!.DeliveryIdFor(settings)),
    };
}
