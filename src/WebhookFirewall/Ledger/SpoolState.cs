namespace WebhookFirewall.Ledger;

/// <summary>A spooled delivery's state as the spool reports it, joined into its ledger entry when the entry is read.</summary>
internal sealed record SpoolState(string State, int Attempts, DateTimeOffset? NextAttemptAt, int? LastStatus, string? LastError);
