namespace WebhookFirewall.Idempotency;

/// <summary>
/// Claims a delivery before it is forwarded and settles it after: exactly once when it succeeds, again when it did
/// not. Implementations must make the claim atomic across every instance that shares the store, and must let only
/// the claim's owner settle or release it. Every failure to answer — the store down, slow, or not answering before
/// <c>cancellationToken</c> is cancelled — is an <see cref="IdempotencyStoreUnavailableException"/>.
/// </summary>
internal interface IIdempotencyStore
{
    /// <summary>The store's name in metrics and logs (`memory`, `redis`).</summary>
    string Name { get; }

    ValueTask<ClaimResult> TryClaimAsync(string key, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>
    /// Marks the claimed delivery done for <paramref name="ttl"/>, remembering the upstream's status. False when the
    /// claim is no longer this one's (its lease ran out and another request took it over).
    /// </summary>
    ValueTask<bool> SettleAsync(Claim claim, int status, TimeSpan ttl, CancellationToken cancellationToken);

    /// <summary>Gives the claim up so the provider's retry is forwarded; false when it was no longer held.</summary>
    ValueTask<bool> ReleaseAsync(Claim claim, CancellationToken cancellationToken);

    /// <summary>
    /// Forgets a completed delivery's record, so the provider's next retry is forwarded again (a spooled delivery that
    /// was discarded); false when there was no completed record. An in-flight claim is never touched.
    /// </summary>
    ValueTask<bool> ForgetAsync(string key, CancellationToken cancellationToken);

    /// <summary>Whether the store answers right now (for readiness); false when it did not before cancellation.</summary>
    ValueTask<bool> IsReachableAsync(CancellationToken cancellationToken);
}
