using System.Net;
using WebhookFirewall.Model;
using WebhookFirewall.Pipeline;
using WebhookFirewall.Verification;

namespace WebhookFirewall.Ledger;

/// <summary>
/// What happened to one request on a webhook route, and why: immutable once written. Compact on purpose — the memory
/// store keeps thousands — so facts stay in their smallest form (an id as two longs, the client as its address, the
/// body's digest as bytes, shared strings for route, policy, outcome and reasons) and become text only when shown.
/// Nothing here is a secret, a signature, a token, a query string or body bytes unless a policy captured its payload.
/// </summary>
internal sealed class LedgerEntry
{
    /// <summary>Longest delivery id kept (DESIGN): an id is sender data.</summary>
    public const int MaxDeliveryIdLength = 128;

    public required LedgerId Id { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }

    public required string Instance { get; init; }

    public required string Route { get; init; }

    public string? Policy { get; init; }

    public string? Provider { get; init; }

    public PolicyMode? Mode { get; init; }

    public required string Method { get; init; }

    /// <summary>The path as routed; never the query string.</summary>
    public required string Path { get; init; }

    public IPAddress? Client { get; init; }

    public string? DeliveryId { get; init; }

    public IdempotencyKeyKind? IdempotencyKey { get; init; }

    public string? ContentType { get; init; }

    public int? BodyBytes { get; init; }

    public BodyDigest? BodySha256 { get; init; }

    public LedgerHeaders Headers { get; init; } = LedgerHeaders.None;

    /// <summary>The `outcome` label of `webhook_requests_total` (plus `spooled`).</summary>
    public required string Outcome { get; init; }

    public int Status { get; init; }

    public string? Code { get; init; }

    public string? Reason { get; init; }

    /// <summary>The configured secret that verified the request; null when none did.</summary>
    public int? SecretIndex { get; init; }

    /// <summary>Arrival time minus the signed timestamp: positive when the message is older than its arrival.</summary>
    public double? TimestampSkewSeconds { get; init; }

    /// <summary>Null when the upstream was not contacted.</summary>
    public LedgerUpstream? Upstream { get; init; }

    public double DurationMs { get; init; }

    /// <summary>The spool's id of a spooled delivery (its state is joined in when the entry is read); null otherwise.</summary>
    public string? SpoolId { get; init; }

    public CapturedPayload? Payload { get; init; }

    /// <summary>How many more requests like this one (same route, code and client) were counted on it instead of written.</summary>
    public int Repeats { get; init; }

    /// <summary>A copy carrying <paramref name="repeats"/> (the flood coalescer's count).</summary>
    public LedgerEntry WithRepeats(int repeats) => new()
    {
        Id = Id,
        ReceivedAt = ReceivedAt,
        Instance = Instance,
        Route = Route,
        Policy = Policy,
        Provider = Provider,
        Mode = Mode,
        Method = Method,
        Path = Path,
        Client = Client,
        DeliveryId = DeliveryId,
        IdempotencyKey = IdempotencyKey,
        ContentType = ContentType,
        BodyBytes = BodyBytes,
        BodySha256 = BodySha256,
        Headers = Headers,
        Outcome = Outcome,
        Status = Status,
        Code = Code,
        Reason = Reason,
        SecretIndex = SecretIndex,
        TimestampSkewSeconds = TimestampSkewSeconds,
        Upstream = Upstream,
        DurationMs = DurationMs,
        SpoolId = SpoolId,
        Payload = Payload,
        Repeats = repeats,
    };
}
