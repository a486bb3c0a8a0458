namespace WebhookFirewall.Spool;

/// <summary>How one redelivery ended, as the store records it.</summary>
internal sealed record SpoolAttemptResult(SpoolEntryState State, int Attempts, DateTimeOffset? NextAttemptAt, int? LastStatus, string? LastError, DateTimeOffset? ExpiresAt);
