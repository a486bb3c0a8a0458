namespace WebhookFirewall.Model;

internal static class RequestOutcomes
{
    /// <summary>The contract's label value.</summary>
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
        RequestOutcome.Spooled => "spooled",
        RequestOutcome.BadRequest => "bad_request",
        RequestOutcome.KeyUnavailable => "key_unavailable",
        RequestOutcome.ServerBusy => "server_busy",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome)),
    };
}
