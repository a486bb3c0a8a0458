namespace WebhookFirewall.Management;

/// <summary>The `outcome` label of `webhook_requests_total`: a fixed set, so cardinality stays bounded.</summary>
internal enum RequestOutcome
{
    Forwarded,
    Duplicate,
    InProgress,
    Challenge,
    Rejected,
    TooLarge,
    RateLimited,
    SourceNotAllowed,
    StoreUnavailable,
    UpstreamError,
    ReportOnly,
}

internal static class RequestOutcomes
{
    public static string ToLabel(this RequestOutcome outcome) => outcome switch
    {
        RequestOutcome.Forwarded => "forwarded",
        RequestOutcome.Duplicate => "duplicate",
        RequestOutcome.InProgress => "in_progress",
        RequestOutcome.Challenge => "challenge",
        RequestOutcome.Rejected => "rejected",
        RequestOutcome.TooLarge => "too_large",
        RequestOutcome.RateLimited => "rate_limited",
        RequestOutcome.SourceNotAllowed => "source_not_allowed",
        RequestOutcome.StoreUnavailable => "store_unavailable",
        RequestOutcome.UpstreamError => "upstream_error",
        RequestOutcome.ReportOnly => "report_only",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome)),
    };
}
