using WebhookFirewall.Verification.Primitives;

namespace WebhookFirewall.Verification.Providers;

/// <summary>
/// Paddle Billing: `Paddle-Signature: ts=..;h1=..[;h1=..]`, hex HMAC-SHA256 of `{ts}:{body}` keyed with the whole
/// `pdl_ntf_...` secret string; several `h1` while a secret rolls over. The event's `event_id` is the delivery id.
/// </summary>
public static class Paddle
{
    public static ProviderDefinition Definition { get; } = new()
    {
        Name = "paddle",
        Summary = "Paddle-Signature: ts=..;h1=hex(HMAC-SHA256(secret, \"{ts}:{body}\"))[;h1=..]",
        DefaultDeliveryId = DeliveryIdSource.JsonField("event_id"),
        Create = (settings, problems) => new ProviderVerifier(
            "paddle",
            new TimestampedSignatureCheck("Paddle-Signature", ';', "ts", "h1", "{timestamp}:{body}", SigningKeys.Decode(settings.Secrets, SecretDecoding.Utf8, problems)),
            settings.ReplayWindow,
            Definition!.DeliveryIdFor(settings)),
    };
}
