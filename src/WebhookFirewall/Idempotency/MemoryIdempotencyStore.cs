using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace WebhookFirewall.Idempotency;

/// <summary>
/// One instance's view of deliveries. Bounded: past <c>maxEntries</c> completed records the oldest completed ones are
/// dropped; an in-flight claim is never dropped. Only a claim's owner (its token) can settle or release it.
/// </summary>
/// <remarks>
/// Built so the garbage collector never sees the records. A store of a quarter-million live objects (key strings,
/// entry objects, queue nodes) is promoted to gen 2, dirties cards on every insert and makes every full collection
/// walk it, pausing the process under load (load-tests/results/design-notes.md). Here a record is a struct keyed by
/// a 128-bit digest of the key (<see cref="KeyDigest"/>), inside per-shard arrays that hold no references, which the
/// collector does not scan; a shard is a plain dictionary under its own lock, held for one lookup at a time.
/// </remarks>
internal sealed class MemoryIdempotencyStore : IIdempotencyStore, IDisposable
{
    private const int ShardCount = 16;

    private readonly Shard[] _shards = new Shard[ShardCount];
    private readonly KeyDigest.Salt _salt = KeyDigest.Salt.Random();
    private readonly TimeProvider _clock;
    private readonly int _maxEntries;
    private readonly ITimer _sweeper;

    /// <summary>Completions in the order they happened, across shards: the oldest is dropped first. Own lock.</summary>
    private readonly Queue<Completion> _completed;
    private long _nextToken;

    public MemoryIdempotencyStore(TimeProvider clock, int maxEntries, TimeSpan sweepInterval)
    {
        _clock = clock;
        _maxEntries = maxEntries;
        // Sized for the bound up front: growing tables under load means whole-table rehashes (and large-object
        // allocations) exactly while deliveries pour in. Digests spread keys evenly; the slack covers the unevenness.
        _completed = new Queue<Completion>(Math.Min(maxEntries, 4_000_000) + 1);
        var perShard = (Math.Min(maxEntries, 4_000_000) / ShardCount * 9 / 8) + 64;
        for (var i = 0; i < ShardCount; i++)
        {
            _shards[i] = new Shard(perShard);
        }

        _sweeper = clock.CreateTimer(_ => Sweep(), null, sweepInterval, sweepInterval);
    }

    public string Name => "memory";

    /// <summary>Records held now, completed and in flight (for tests and measurements).</summary>
    public int Count
    {
        get
        {
            var count = 0;
            foreach (var shard in _shards)
            {
                lock (shard)
                {
                    count += shard.Records.Count;
                }
            }

            return count;
        }
    }

    public ValueTask<ClaimResult> TryClaimAsync(string key, TimeSpan lease, CancellationToken cancellationToken)
    {
        var digest = KeyDigest.Of(key, _salt);
        var shard = ShardOf(digest);
        var now = _clock.GetUtcNow().UtcTicks;
        lock (shard)
        {
            ref var record = ref CollectionsMarshal.GetValueRefOrAddDefault(shard.Records, digest, out var exists);
            if (exists && record.ExpiresAtTicks > now)
            {
                return ValueTask.FromResult(record.IsCompleted ? ClaimResult.Completed(record.Status) : ClaimResult.InProgress);
            }

            // New, or an expired record or abandoned claim taken over: a fresh token, so the old owner cannot settle.
            var token = Interlocked.Increment(ref _nextToken); // shards lock separately: the counter is shared
            record = new Record(ExpiryTicks.After(now, lease), token, status: 0);
            return ValueTask.FromResult(ClaimResult.Claimed(new MemoryClaim(key, token, digest)));
        }
    }

    public ValueTask<bool> SettleAsync(Claim claim, int status, TimeSpan ttl, CancellationToken cancellationToken)
    {
        if (!TryRead(claim, out var digest, out var token))
        {
            return ValueTask.FromResult(false);
        }

        var shard = ShardOf(digest);
        var expiresAt = ExpiryTicks.After(_clock.GetUtcNow().UtcTicks, ttl);
        lock (shard)
        {
            ref var record = ref CollectionsMarshal.GetValueRefOrNullRef(shard.Records, digest);
            if (Unsafe.IsNullRef(ref record) || record.Token != token || record.IsCompleted)
            {
                return ValueTask.FromResult(false);
            }

            record = new Record(expiresAt, token, status);
        }

        // The order's lock is never held together with a shard's, so the two cannot deadlock.
        Completion oldest;
        lock (_completed)
        {
            _completed.Enqueue(new Completion(digest, token, expiresAt));
            if (_completed.Count <= _maxEntries)
            {
                return ValueTask.FromResult(true);
            }

            oldest = _completed.Dequeue();
        }

        Drop(oldest);
        return ValueTask.FromResult(true);
    }

    public ValueTask<bool> ReleaseAsync(Claim claim, CancellationToken cancellationToken)
    {
        if (!TryRead(claim, out var digest, out var token))
        {
            return ValueTask.FromResult(false);
        }

        var shard = ShardOf(digest);
        lock (shard)
        {
            return ValueTask.FromResult(shard.Records.TryGetValue(digest, out var record) && record.Token == token && !record.IsCompleted
                && shard.Records.Remove(digest));
        }
    }

    public ValueTask<bool> ForgetAsync(string key, CancellationToken cancellationToken)
    {
        var digest = KeyDigest.Of(key, _salt);
        var shard = ShardOf(digest);
        lock (shard)
        {
            // Its completion stays queued and finds nothing to drop (or a newer record, which Drop leaves alone).
            return ValueTask.FromResult(shard.Records.TryGetValue(digest, out var record) && record.IsCompleted && shard.Records.Remove(digest));
        }
    }

    public ValueTask<bool> IsReachableAsync(CancellationToken cancellationToken) => ValueTask.FromResult(true);

    public void Dispose() => _sweeper.Dispose();

    /// <summary>Drops expired completed records from the front of the completion order.</summary>
    internal void Sweep()
    {
        var now = _clock.GetUtcNow().UtcTicks;
        while (true)
        {
            Completion oldest;
            lock (_completed)
            {
                if (!_completed.TryPeek(out oldest) || oldest.ExpiresAtTicks > now)
                {
                    return;
                }

                _completed.Dequeue();
            }

            Drop(oldest);
        }
    }

    /// <summary>Removes a completion's record, only if it is still that completion's (not claimed again since).</summary>
    private void Drop(Completion completion)
    {
        var shard = ShardOf(completion.Digest);
        lock (shard)
        {
            if (shard.Records.TryGetValue(completion.Digest, out var record) && record.Token == completion.Token && record.IsCompleted)
            {
                shard.Records.Remove(completion.Digest);
            }
        }
    }

    private Shard ShardOf(KeyDigest digest) => _shards[digest.ShardIndex(ShardCount)];

    /// <summary>
    /// A claim made here carries its digest and token, so settling does not hash the key again; any other claim (a
    /// forged one, say) is read from its text and can only match if it names a real key and token.
    /// </summary>
    private bool TryRead(Claim claim, out KeyDigest digest, out long token)
    {
        if (claim is MemoryClaim mine)
        {
            (digest, token) = (mine.Digest, mine.Number);
            return true;
        }

        digest = KeyDigest.Of(claim.Key, _salt);
        return long.TryParse(claim.Token, NumberStyles.None, CultureInfo.InvariantCulture, out token);
    }

    private sealed class Shard(int capacity)
    {
        public Dictionary<KeyDigest, Record> Records { get; } = new(capacity);
    }

    /// <summary>No references inside: a table of these is one array the collector never walks.</summary>
    private readonly struct Record(long expiresAtTicks, long token, int status)
    {
        public long ExpiresAtTicks { get; } = expiresAtTicks;

        public long Token { get; } = token;

        /// <summary>The upstream's 2xx once completed; 0 while in flight.</summary>
        public int Status { get; } = status;

        public bool IsCompleted => Status != 0;
    }

    private readonly record struct Completion(KeyDigest Digest, long Token, long ExpiresAtTicks);

    private sealed class MemoryClaim(string key, long number, KeyDigest digest) : Claim(key, number.ToString(CultureInfo.InvariantCulture))
    {
        public long Number { get; } = number;

        public KeyDigest Digest { get; } = digest;
    }
}
