using WebhookFirewall.Verification.Schemes;

namespace WebhookFirewall.Verification.Providers;

/// <summary>
/// PayPal webhooks (see <see cref="PayPalCheck"/>). `WebhookId` is the receiving webhook's id at PayPal: it is
/// signed but never sent, so an event signed for another webhook fails here. No handshake.
/// </summary>
internal static class PayPal
{
    public static ProviderDefinition Definition { get; } = new()
    {
        Name = "paypal",
        Summary = "PAYPAL-TRANSMISSION-SIG: base64 SHA256withRSA(PAYPAL-TRANSMISSION-ID|PAYPAL-TRANSMISSION-TIME|WebhookId|crc32(body)) by the certificate at PAYPAL-CERT-URL (https://api[.sandbox].paypal.com/v1/notifications/certs/..., pinned or fetched; CN=messageverificationcerts[.sandbox].paypal.com, valid now)",
        Requires = ProviderSetting.WebhookId,
        Accepts = ProviderSetting.Environment | ProviderSetting.SigningCertificates,
        FetchingCheck = PayPalCheck.Create,
        DeliveryId = DeliveryIdSource.Header(PayPalCheck.IdHeader),
        CreatePrivateKeySigner = PayPalSigner.Create,
    };
}
