using System.Collections.Concurrent;

namespace WebhookFirewall.Idempotency;

/// <summary>
/// One instance's view of deliveries. Lock-free: every state change is a compare-and-swap on the entry object, so a
/// claim can only be settled or released by the request that made it. Bounded: past <c>maxEntries</c> completed
/// records the oldest completed ones are dropped; an in-flight claim is never dropped.
/// </summary>
internal sealed class MemoryIdempotencyStore : IIdempotencyStore, IDisposable
{
    private readonly ConcurrentDictionary<string, Entry> _entries;
    private readonly ConcurrentQueue<(string Key, Entry Entry)> _completedInOrder = new();
    private readonly TimeProvider _clock;
    private readonly int _maxEntries;
    private readonly ITimer _sweeper;
    private int _completedCount;
    private long _nextToken;

    public MemoryIdempotencyStore(TimeProvider clock, int maxEntries, TimeSpan sweepInterval)
    {
        _clock = clock;
        _maxEntries = maxEntries;
        // Sized for the bound up front: growing a table of a quarter million entries under load means repeated
        // whole-table rehashes (and large-object allocations) exactly while deliveries pour in.
        _entries = new ConcurrentDictionary<string, Entry>(Environment.ProcessorCount, Math.Min(maxEntries, 4_000_000), StringComparer.Ordinal);
        _sweeper = clock.CreateTimer(_ => Sweep(), null, sweepInterval, sweepInterval);
    }

    public string Name => "memory";

    /// <summary>Entries held now, completed and in flight (for tests and measurements).</summary>
    public int Count => _entries.Count;

    public ValueTask<ClaimResult> TryClaimAsync(string key, TimeSpan lease, CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        while (true)
        {
            if (_entries.TryGetValue(key, out var existing))
            {
                if (existing.ExpiresAt > now)
                {
                    return ValueTask.FromResult(existing.IsCompleted ? ClaimResult.Completed(existing.Status) : ClaimResult.InProgress);
                }

                // An expired record or an abandoned claim: take it over, unless someone else just did.
                var takeover = NewClaim(now + lease);
                if (_entries.TryUpdate(key, takeover, existing))
                {
                    return ValueTask.FromResult(ClaimResult.Claimed(new Claim(key, takeover.Token!)));
                }

                continue;
            }

            var claim = NewClaim(now + lease);
            if (_entries.TryAdd(key, claim))
            {
                return ValueTask.FromResult(ClaimResult.Claimed(new Claim(key, claim.Token!)));
            }
        }
    }

    public ValueTask<bool> SettleAsync(Claim claim, int status, TimeSpan ttl, CancellationToken cancellationToken)
    {
        if (_entries.TryGetValue(claim.Key, out var current) && current.Token == claim.Token)
        {
            var done = new Entry(null, status, _clock.GetUtcNow() + ttl);
            if (_entries.TryUpdate(claim.Key, done, current))
            {
                _completedInOrder.Enqueue((claim.Key, done));
                if (Interlocked.Increment(ref _completedCount) > _maxEntries)
                {
                    EvictOldest(force: true);
                }

                return ValueTask.FromResult(true);
            }
        }

        return ValueTask.FromResult(false);
    }

    public ValueTask<bool> ReleaseAsync(Claim claim, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_entries.TryGetValue(claim.Key, out var current) && current.Token == claim.Token
            && _entries.TryRemove(new KeyValuePair<string, Entry>(claim.Key, current)));

    public ValueTask<bool> IsReachableAsync(CancellationToken cancellationToken) => ValueTask.FromResult(true);

    public void Dispose() => _sweeper.Dispose();

    /// <summary>Drops expired completed records from the front of the queue, and any over the bound.</summary>
    internal void Sweep() => EvictOldest(force: false);

    private void EvictOldest(bool force)
    {
        var now = _clock.GetUtcNow();
        while (_completedInOrder.TryPeek(out var oldest))
        {
            var overBound = Volatile.Read(ref _completedCount) > _maxEntries;
            if (!overBound && oldest.Entry.ExpiresAt > now)
            {
                return;
            }

            if (!_completedInOrder.TryDequeue(out oldest))
            {
                return;
            }

            Interlocked.Decrement(ref _completedCount);
            // Only if the record is still the one queued: the key may have been claimed again since.
            _entries.TryRemove(new KeyValuePair<string, Entry>(oldest.Key, oldest.Entry));
            if (force && !overBound)
            {
                return;
            }
        }
    }

    private Entry NewClaim(DateTimeOffset leaseEnds) =>
        new(Interlocked.Increment(ref _nextToken).ToString(System.Globalization.CultureInfo.InvariantCulture), 0, leaseEnds);

    /// <summary>Immutable, compared by reference: a swap succeeds only against the very entry that was read.</summary>
    private sealed class Entry(string? token, int status, DateTimeOffset expiresAt)
    {
        /// <summary>Set while in flight; null once completed.</summary>
        public string? Token { get; } = token;

        public int Status { get; } = status;

        public DateTimeOffset ExpiresAt { get; } = expiresAt;

        public bool IsCompleted => Token is null;
    }
}
