namespace WebhookFirewall.Ledger;

/// <summary>The filters of `GET /api/deliveries`: every one given must hold (exact, ordinal), newest first.</summary>
internal sealed record LedgerQuery
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 500;

    public string? Route { get; init; }

    public string? Policy { get; init; }

    public string? Outcome { get; init; }

    public string? Code { get; init; }

    public string? DeliveryId { get; init; }

    public DateTimeOffset? Since { get; init; }

    public int Limit { get; init; } = DefaultLimit;

    public bool Matches(LedgerEntry entry) =>
        MatchesSummary(entry.Route, entry.Policy, entry.Outcome, entry.Code, entry.ReceivedAt) && MatchesDeliveryId(entry.DeliveryId);

    /// <summary>Every filter but the delivery id: what a store can check before it reads a whole entry.</summary>
    public bool MatchesSummary(string route, string? policy, string outcome, string? code, DateTimeOffset receivedAt) =>
        (Route is null || string.Equals(Route, route, StringComparison.Ordinal))
        && (Policy is null || string.Equals(Policy, policy, StringComparison.Ordinal))
        && (Outcome is null || string.Equals(Outcome, outcome, StringComparison.Ordinal))
        && (Code is null || string.Equals(Code, code, StringComparison.Ordinal))
        && (Since is null || receivedAt >= Since);

    public bool MatchesDeliveryId(string? deliveryId) => DeliveryId is null || string.Equals(DeliveryId, deliveryId, StringComparison.Ordinal);
}
