namespace WebhookFirewall.Spool;

/// <summary>
/// Where spooled deliveries are kept until the backend takes them. Implementations make a claim atomic across every
/// instance sharing the store (a lease: two instances never send one entry at once, and a crashed instance's lease
/// runs out) and let only the lease's owner record an attempt. A store that did not do what was asked throws
/// <see cref="SpoolStoreUnavailableException"/>.
/// </summary>
internal interface ISpoolStore : IAsyncDisposable
{
    /// <summary>`sqlite` or `redis`, in metrics and /readyz.</summary>
    string Name { get; }

    /// <summary>Stores the entry durably; false (nothing stored) when it would pass Spool:MaxBytes.</summary>
    Task<bool> AddAsync(SpoolEntry entry, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="max"/> due pending entries, oldest first, leased to <paramref name="owner"/> until now + lease.</summary>
    Task<IReadOnlyList<SpoolEntry>> ClaimDueAsync(DateTimeOffset now, int max, TimeSpan lease, string owner, CancellationToken cancellationToken);

    /// <summary>Records an attempt's result; false when the lease was no longer the owner's (it ran out and was taken over).</summary>
    Task<bool> CompleteAsync(string id, string owner, SpoolAttemptResult result, CancellationToken cancellationToken);

    Task<IReadOnlyList<SpoolEntryInfo>> ListAsync(string? route, SpoolEntryState? state, int limit, CancellationToken cancellationToken);

    Task<SpoolEntryInfo?> FindAsync(string id, CancellationToken cancellationToken);

    /// <summary>Makes the entry due now, a dead one pending again; never while an instance holds its lease.</summary>
    Task<SpoolRetryOutcome> RetryNowAsync(string id, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Makes the route's pending entries due now: the route is back in the config, and its entries were put off while
    /// it was not. An entry being sent keeps its lease.
    /// </summary>
    Task WakeRouteAsync(string route, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Removes the entry whatever its state; its metadata, or null when there was none.</summary>
    Task<SpoolEntryInfo?> DeleteAsync(string id, CancellationToken cancellationToken);

    /// <summary>
    /// Pending and dead counts and the oldest pending entry, per route; expired dead and delivered entries are dropped
    /// first (the redelivery worker calls it on a schedule for that, the metrics' collection for the counts).
    /// </summary>
    Task<IReadOnlyList<SpoolRouteStats>> StatsAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Null when the store answers and keeps every write; otherwise why not (for /readyz and the log).</summary>
    Task<string?> CheckAsync(CancellationToken cancellationToken);
}
