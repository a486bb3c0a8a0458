namespace WebhookFirewall.Spool;

internal enum SpoolEntryState
{
    /// <summary>Waiting for its next attempt (or being sent under a lease).</summary>
    Pending,

    /// <summary>Given up (a 4xx, or older than MaxAge): kept for DeadLetterTtl, for inspection and a manual retry.</summary>
    Dead,

    /// <summary>Taken by the backend: only its metadata is kept, for DeadLetterTtl.</summary>
    Delivered,
}
