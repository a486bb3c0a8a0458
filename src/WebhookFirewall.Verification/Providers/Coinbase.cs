using WebhookFirewall.Verification.Primitives;

namespace WebhookFirewall.Verification.Providers;

/// <summary>
/// Coinbase Commerce: `X-CC-Webhook-Signature`, hex HMAC-SHA256 of the body with the shared secret. The top-level `id`
/// of the body identifies the webhook delivery (the event has its own `event.id`).
/// </summary>
public static class Coinbase
{
    public static ProviderDefinition Definition { get; } = new()
    {
        Name = "coinbase",
        Summary = "X-CC-Webhook-Signature: hex(HMAC-SHA256(shared secret, body))",
        DefaultDeliveryId = DeliveryIdSource.JsonField("id"),
        Create = (settings, problems) => new ProviderVerifier(
            "coinbase",
            new HmacSignatureCheck("X-CC-Webhook-Signature", SigningKeys.Decode(settings.Secrets, SecretDecoding.Utf8, problems)),
            settings.ReplayWindow,
            Definition!.DeliveryIdFor(settings)),
    };
}
