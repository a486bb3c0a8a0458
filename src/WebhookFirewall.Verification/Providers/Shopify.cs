using WebhookFirewall.Verification.Primitives;

namespace WebhookFirewall.Verification.Providers;

/// <summary>Shopify: `X-Shopify-Hmac-Sha256`, base64 HMAC-SHA256 of the body with the app's client secret.</summary>
public static class Shopify
{
    public static ProviderDefinition Definition { get; } = new()
    {
        Name = "shopify",
        Summary = "X-Shopify-Hmac-Sha256: base64(HMAC-SHA256(secret, body))",
        DefaultDeliveryId = DeliveryIdSource.Header("X-Shopify-Webhook-Id"),
        Create = (settings, problems) => new ProviderVerifier(
            "shopify",
            new HmacSignatureCheck("X-Shopify-Hmac-Sha256", SigningKeys.Decode(settings.Secrets, SecretDecoding.Utf8, problems))
            {
                Encoding = SignatureEncoding.Base64,
            },
            settings.ReplayWindow,
            Definition!.DeliveryIdFor(settings)),
    };
}
