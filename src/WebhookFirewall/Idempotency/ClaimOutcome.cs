namespace WebhookFirewall.Idempotency;

internal enum ClaimOutcome
{
    /// <summary>Ours: forward it, then settle or release.</summary>
    Claimed,

    /// <summary>Forwarded before and answered 2xx: reply with <see cref="ClaimResult.FirstStatus"/>.</summary>
    Completed,

    /// <summary>Being forwarded right now by someone else.</summary>
    InProgress,
}
