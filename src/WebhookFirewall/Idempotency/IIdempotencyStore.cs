namespace WebhookFirewall.Idempotency;

/// <summary>
/// Claims a delivery before it is forwarded and settles it after: exactly once when it succeeds, again when it did
/// not. Implementations must make the claim atomic across every instance that shares the store, and must let only
/// the claim's owner settle or release it.
/// </summary>
internal interface IIdempotencyStore
{
    /// <summary>The store's name in metrics and logs (`memory`, `redis`).</summary>
    string Name { get; }

    /// <summary>Throws <see cref="IdempotencyStoreUnavailableException"/> when the store cannot answer.</summary>
    ValueTask<ClaimResult> TryClaimAsync(string key, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>
    /// Marks the claimed delivery done for <paramref name="ttl"/>, remembering the upstream's status. False when the
    /// claim is no longer this one's (its lease ran out and another request took it over).
    /// </summary>
    ValueTask<bool> SettleAsync(Claim claim, int status, TimeSpan ttl, CancellationToken cancellationToken);

    /// <summary>Gives the claim up so the provider's retry is forwarded; false when it was no longer held.</summary>
    ValueTask<bool> ReleaseAsync(Claim claim, CancellationToken cancellationToken);

    /// <summary>Whether the store answers right now (for readiness).</summary>
    ValueTask<bool> IsReachableAsync(CancellationToken cancellationToken);
}

/// <summary>A claim on one delivery; <see cref="Token"/> proves ownership to the store. A store may hand out a
/// subclass carrying what it needs to find the claim again without recomputing it.</summary>
internal class Claim(string key, string token)
{
    public string Key { get; } = key;

    public string Token { get; } = token;
}

internal enum ClaimOutcome
{
    /// <summary>Ours: forward it, then settle or release.</summary>
    Claimed,

    /// <summary>Forwarded before and answered 2xx: reply with <see cref="ClaimResult.FirstStatus"/>.</summary>
    Completed,

    /// <summary>Being forwarded right now by someone else.</summary>
    InProgress,
}

internal readonly struct ClaimResult
{
    private ClaimResult(ClaimOutcome outcome, Claim? claim, int firstStatus)
    {
        Outcome = outcome;
        Claim = claim;
        FirstStatus = firstStatus;
    }

    public ClaimOutcome Outcome { get; }

    public Claim? Claim { get; }

    public int FirstStatus { get; }

    public static ClaimResult Claimed(Claim claim) => new(ClaimOutcome.Claimed, claim, 0);

    public static ClaimResult Completed(int firstStatus) => new(ClaimOutcome.Completed, null, firstStatus);

    public static ClaimResult InProgress { get; } = new(ClaimOutcome.InProgress, null, 0);
}

internal sealed class IdempotencyStoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
