using WebhookFirewall.Verification.Primitives;

namespace WebhookFirewall.Verification.Providers;

/// <summary>Razorpay: `X-Razorpay-Signature`, hex HMAC-SHA256 of the body; `x-razorpay-event-id` is kept across retries.</summary>
public static class Razorpay
{
    public static ProviderDefinition Definition { get; } = new()
    {
        Name = "razorpay",
        Summary = "X-Razorpay-Signature: hex(HMAC-SHA256(webhook secret, body))",
        DefaultDeliveryId = DeliveryIdSource.Header("X-Razorpay-Event-Id"),
        Create = (settings, problems) => new ProviderVerifier(
            "razorpay",
            new HmacSignatureCheck("X-Razorpay-Signature", SigningKeys.Decode(settings.Secrets, SecretDecoding.Utf8, problems)),
            settings.ReplayWindow,
            Definition!.DeliveryIdFor(settings)),
    };
}
