using WebhookFirewall.Idempotency;
using WebhookFirewall.Model;
using WebhookFirewall.Verification;

namespace WebhookFirewall.Pipeline;

/// <summary>
/// What keys a verified delivery: the provider's id where the verifier can trust it (the policy's `Idempotency:Key`
/// may say otherwise), else — and whenever no id came — the content key, so every verified delivery has one.
/// </summary>
internal static class DeliveryKeys
{
    public static DeliveryKey For(WebhookPolicy policy, in VerificationResult result, ReadOnlySpan<byte> bodySha256, IHeaderDictionary headers)
    {
        var kind = policy.Idempotency.Key ?? result.KeyKind;
        if (kind == IdempotencyKeyKind.DeliveryId && result.DeliveryId is { } id)
        {
            return new DeliveryKey(IdempotencyKeyKind.DeliveryId, id);
        }

        var eventType = policy.Verifier.Info.EventTypeHeader is { } header && headers.TryGetValue(header, out var value) ? value.ToString() : null;
        return new DeliveryKey(IdempotencyKeyKind.Content, ContentKey.Compute(bodySha256, result.SignedUrl, eventType));
    }
}
