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

    /// <summary>The upstream failed and the delivery was stored to be redelivered (202).</summary>
    Spooled,

    /// <summary>Refused for its shape before anything else: an unreadable or late body, a body on a GET, an upgrade, a control character (400/408).</summary>
    BadRequest,

    /// <summary>The provider's key or certificate could not be obtained (503).</summary>
    KeyUnavailable,

    /// <summary>The global budget of buffered bodies was spent (503).</summary>
    ServerBusy,
}
