namespace WebhookFirewall.Model;

/// <summary>How a request on a webhook route ended: the `outcome` label of `webhook_requests_total` (a fixed set, so cardinality stays bounded).</summary>
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
