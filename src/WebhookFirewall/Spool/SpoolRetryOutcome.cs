namespace WebhookFirewall.Spool;

/// <summary>What `POST /api/spool/{id}/retry` found.</summary>
internal enum SpoolRetryOutcome
{
    NotFound,

    /// <summary>Made due now (a dead entry becomes pending again).</summary>
    Queued,

    /// <summary>Being sent right now by an instance: that attempt's result decides.</summary>
    InFlight,

    /// <summary>The backend took it already: nothing is left to send.</summary>
    Delivered,
}
