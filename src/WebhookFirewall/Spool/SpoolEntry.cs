namespace WebhookFirewall.Spool;

/// <summary>
/// A spooled delivery: the request as it was sent to the destination (method, destination-relative path and query,
/// headers without the firewall's own and with credentials as placeholders, the verified bytes), and where its
/// redelivery stands.
/// </summary>
internal sealed class SpoolEntry
{
    public required string Id { get; init; }

    public required string Route { get; init; }

    public required string Policy { get; init; }

    /// <summary>The stored idempotency key (a digest): `DELETE /api/spool/{id}` releases its record.</summary>
    public required string IdempotencyKey { get; init; }

    /// <summary>`X-Webhook-Firewall-Id` of every attempt: the backend's dedupe key.</summary>
    public required string ForwardId { get; init; }

    public required DateTimeOffset SpooledAt { get; init; }

    /// <summary>SpooledAt + the policy's MaxAge: after it, a failed attempt makes the entry dead.</summary>
    public required DateTimeOffset GiveUpAt { get; init; }

    public required string Method { get; init; }

    /// <summary>Path and query relative to the destination's address, as sent (after the route's transforms).</summary>
    public required string PathAndQuery { get; init; }

    public required IReadOnlyList<SpooledHeader> Headers { get; init; }

    /// <summary>Which of the policy's secrets refills the credential placeholders; -1 when there are none.</summary>
    public int SecretIndex { get; init; } = -1;

    public required byte[] Body { get; init; }

    public required string BodySha256 { get; init; }

    public SpoolEntryState State { get; init; } = SpoolEntryState.Pending;

    /// <summary>Redeliveries tried so far (the first forward is not one).</summary>
    public int Attempts { get; init; }

    public required DateTimeOffset NextAttemptAt { get; init; }

    public int? LastStatus { get; init; }

    public string? LastError { get; init; }

    /// <summary>What it counts against Spool:MaxBytes: the body and the headers.</summary>
    public long Size => Body.LongLength + SpooledRequestCodec.HeaderBytes(Headers) + PathAndQuery.Length + Method.Length;
}
