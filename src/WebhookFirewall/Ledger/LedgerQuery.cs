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
        (Route is null || string.Equals(Route, entry.Route, StringComparison.Ordinal))
        && (Policy is null || string.Equals(Policy, entry.Policy, StringComparison.Ordinal))
        && (Outcome is null || string.Equals(Outcome, entry.Outcome, StringComparison.Ordinal))
        && (Code is null || string.Equals(Code, entry.Code, StringComparison.Ordinal))
        && (DeliveryId is null || string.Equals(DeliveryId, entry.DeliveryId, StringComparison.Ordinal))
        && (Since is null || entry.ReceivedAt >= Since);
}
