namespace WebhookFirewall.Spool;

/// <summary>An entry's metadata only — never its headers or body: what `GET /api/spool` and the ledger show.</summary>
internal sealed record SpoolEntryInfo(
    string Id,
    string Route,
    string Policy,
    SpoolEntryState State,
    int Attempts,
    DateTimeOffset SpooledAt,
    DateTimeOffset? NextAttemptAt,
    int? LastStatus,
    string? LastError,
    long Size,
    string BodySha256)
{
    /// <summary>The idempotency record this entry acknowledged (not shown).</summary>
    public string IdempotencyKey { get; init; } = string.Empty;
}
