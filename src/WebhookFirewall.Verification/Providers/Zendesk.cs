using WebhookFirewall.Verification.Primitives;

namespace WebhookFirewall.Verification.Providers;

/// <summary>
/// Zendesk: `X-Zendesk-Webhook-Signature`, base64 HMAC-SHA256 of the timestamp immediately followed by the body;
/// the timestamp (RFC 3339, e.g. `2021-07-25T10:00:00Z`) comes in `X-Zendesk-Webhook-Signature-Timestamp`.
/// </summary>
public static class Zendesk
{
    private static readonly SignedContentTemplate SignedContent = SignedContentTemplate.Parse("{timestamp}{body}");

    public static ProviderDefinition Definition { get; } = new()
    {
        Name = "zendesk",
        Summary = "X-Zendesk-Webhook-Signature: base64(HMAC-SHA256(signing secret, timestamp + body)), X-Zendesk-Webhook-Signature-Timestamp (RFC 3339)",
        DefaultDeliveryId = DeliveryIdSource.Header("X-Zendesk-Webhook-Invocation-Id"),
        Create = (settings, problems) => new ProviderVerifier(
            "zendesk",
            new HmacSignatureCheck("X-Zendesk-Webhook-Signature", SigningKeys.Decode(settings.Secrets, SecretDecoding.Utf8, problems))
            {
                Encoding = SignatureEncoding.Base64,
                SignedContent = SignedContent,
                TimestampHeader = "X-Zendesk-Webhook-Signature-Timestamp",
                TimestampUnit = TimestampUnit.Rfc3339,
            },
            settings.ReplayWindow,
            Definition!.DeliveryIdFor(settings)),
    };
}
