namespace WebhookFirewall.Ledger;

/// <summary>What the upstream did with a forwarded request: its status (null when none came), how long, what went wrong.</summary>
internal sealed record LedgerUpstream(int? Status, double? DurationMs, string? Error);
