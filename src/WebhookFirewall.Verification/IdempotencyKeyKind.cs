namespace WebhookFirewall.Verification;

/// <summary>What identifies a delivery for de-duplication and replay protection.</summary>
public enum IdempotencyKeyKind
{
    /// <summary>
    /// The provider's delivery id: used when the signature covers the id, or covers a timestamp (a replay under a new
    /// id is then bounded by the replay window).
    /// </summary>
    DeliveryId,

    /// <summary>
    /// A digest of what was verified (the body, the signed URL, the event type): for schemes that sign neither an id
    /// nor a timestamp, so that a replay cannot dodge the record by changing or dropping an unsigned id header.
    /// </summary>
    Content,
}
