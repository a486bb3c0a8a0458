namespace WebhookFirewall.Spool;

/// <summary>One route's share of the spool, for the gauges.</summary>
internal sealed record SpoolRouteStats(string Route, long Pending, long Dead, DateTimeOffset? OldestPending);
