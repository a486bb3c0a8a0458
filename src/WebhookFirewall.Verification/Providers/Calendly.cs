using WebhookFirewall.Verification.Primitives;

namespace WebhookFirewall.Verification.Providers;

/// <summary>
/// Calendly: `Calendly-Webhook-Signature: t=..,v1=..`, hex HMAC-SHA256 of `{t}.{body}` with the webhook signing key.
/// Calendly sends no delivery id.
/// </summary>
public static class Calendly
{
    public static ProviderDefinition Definition { get; } = new()
    {
        Name = "calendly",
        Summary = "Calendly-Webhook-Signature: t=..,v1=hex(HMAC-SHA256(signing key, \"{t}.{body}\"))",
        Create = (settings, problems) => new ProviderVerifier(
            "calendly",
            new TimestampedSignatureCheck("Calendly-Webhook-Signature", ',', "t", "v1", "{timestamp}.{body}", SigningKeys.Decode(settings.Secrets, SecretDecoding.Utf8, problems)),
            settings.ReplayWindow,
            Definition!.DeliveryIdFor(settings)),
    };
}
