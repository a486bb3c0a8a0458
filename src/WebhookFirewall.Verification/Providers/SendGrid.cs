using WebhookFirewall.Verification.Schemes;

namespace WebhookFirewall.Verification.Providers;

/// <summary>
/// SendGrid Event Webhook, signed: ECDSA P-256 over timestamp + body, checked against `PublicKey` (see
/// <see cref="SendGridSignature"/>). The signed timestamp is held to the policy's ReplayWindow. A delivery batches
/// events; only a batch of one has a delivery id (its `sg_event_id`, see <see cref="SingleEventDeliveryId"/>).
/// </summary>
internal static class SendGrid
{
    public static ProviderDefinition Definition { get; } = new()
    {
        Name = "sendgrid",
        Summary = "X-Twilio-Email-Event-Webhook-Signature: base64 DER ECDSA-P256-SHA256(X-Twilio-Email-Event-Webhook-Timestamp + body); PublicKey base64 SPKI",
        Requires = ProviderSetting.PublicKey,
        Check = (settings, problems) => SendGridSignature.Check(SendGridSignature.ParsePublicKey(settings.PublicKey, problems)),
        DeliveryId = new SingleEventDeliveryId("sg_event_id"),
        CreatePrivateKeySigner = SendGridSignature.CreateSigner,
    };
}
