using WebhookFirewall.Verification.Primitives;

namespace WebhookFirewall.Verification.Providers;

/// <summary>Typeform: `Typeform-Signature: sha256=` base64 HMAC-SHA256 of the body; `event_id` is the delivery id.</summary>
public static class Typeform
{
    public static ProviderDefinition Definition { get; } = new()
    {
        Name = "typeform",
        Summary = "Typeform-Signature: sha256=base64(HMAC-SHA256(secret, body))",
        DefaultDeliveryId = DeliveryIdSource.JsonField("event_id"),
        Create = (settings, problems) => new ProviderVerifier(
            "typeform",
            new HmacSignatureCheck("Typeform-Signature", SigningKeys.Decode(settings.Secrets, SecretDecoding.Utf8, problems))
            {
                Encoding = SignatureEncoding.Base64,
                Prefix = "sha256=",
            },
            settings.ReplayWindow,
            Definition!.DeliveryIdFor(settings)),
    };
}
