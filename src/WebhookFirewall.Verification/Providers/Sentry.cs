using WebhookFirewall.Verification.Primitives;

namespace WebhookFirewall.Verification.Providers;

/// <summary>
/// Sentry integration webhooks: `Sentry-Hook-Signature`, hex HMAC-SHA256 of the body with the client secret.
/// Sentry's `Sentry-Hook-Timestamp` is not covered by the signature, so it proves nothing and is not read.
/// </summary>
public static class Sentry
{
    public static ProviderDefinition Definition { get; } = new()
    {
        Name = "sentry",
        Summary = "Sentry-Hook-Signature: hex(HMAC-SHA256(client secret, body))",
        DefaultDeliveryId = DeliveryIdSource.Header("Request-ID"),
        Create = (settings, problems) => new ProviderVerifier(
            "sentry",
            new HmacSignatureCheck("Sentry-Hook-Signature", SigningKeys.Decode(settings.Secrets, SecretDecoding.Utf8, problems)),
            settings.ReplayWindow,
            Definition!.DeliveryIdFor(settings)),
    };
}
