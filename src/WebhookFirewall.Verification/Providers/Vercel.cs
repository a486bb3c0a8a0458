using WebhookFirewall.Verification.Primitives;

namespace WebhookFirewall.Verification.Providers;

/// <summary>Vercel: `x-vercel-signature`, hex HMAC-SHA1 of the body; the event `id` is the delivery id.</summary>
public static class Vercel
{
    public static ProviderDefinition Definition { get; } = new()
    {
        Name = "vercel",
        Summary = "x-vercel-signature: hex(HMAC-SHA1(secret, body))",
        DefaultDeliveryId = DeliveryIdSource.JsonField("id"),
        Create = (settings, problems) => new ProviderVerifier(
            "vercel",
            new HmacSignatureCheck("x-vercel-signature", SigningKeys.Decode(settings.Secrets, SecretDecoding.Utf8, problems))
            {
                Algorithm = HmacAlgorithm.Sha1,
            },
            settings.ReplayWindow,
            Definition!.DeliveryIdFor(settings)),
    };
}
