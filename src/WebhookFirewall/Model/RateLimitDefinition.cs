namespace WebhookFirewall.Model;

/// <summary>
/// `WebhookFirewall:RateLimiting:Policies:&lt;name&gt;`, with the field names of ASP.NET Core's own limiter options.
/// A record: two snapshots with equal definitions share their limiter, so a reload does not reset the counts.
/// </summary>
internal sealed record RateLimitDefinition(
    string Name,
    RateLimitKind Kind,
    RateLimitPartitioning PartitionBy,
    int PermitLimit,
    TimeSpan Window,
    int QueueLimit,
    int TokenLimit,
    int TokensPerPeriod,
    TimeSpan ReplenishmentPeriod);
