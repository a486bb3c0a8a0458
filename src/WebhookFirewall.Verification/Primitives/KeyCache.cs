namespace WebhookFirewall.Verification.Primitives;

/// <summary>
/// Key material by URL, shared by every verifier of an environment (they are rebuilt on each config reload; the keys
/// stay). One fetch per URL at a time, however many requests wait for it; failures are remembered briefly; URLs not
/// yet cached cost each provider a budget per minute; and when full, it drops failures and keys unused for a day
/// before it would drop a key that verified a message recently — rather than that, it refuses the new URL.
/// </summary>
internal sealed class KeyCache
{
    private static readonly TimeSpan BudgetWindow = TimeSpan.FromMinutes(1);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Budget> _budgets = new(StringComparer.Ordinal);
    private readonly KeyFetchLimits _limits;
    private readonly TimeProvider _clock;

    public KeyCache(KeyFetchLimits limits, TimeProvider clock)
    {
        _limits = limits;
        _clock = clock;
    }

    /// <summary>What is held for <paramref name="key"/>, never starting a fetch; null when nothing current is.</summary>
    public KeyLookup? Peek(string key)
    {
        lock (_gate)
        {
            return _entries.TryGetValue(key, out var entry) && entry.IsCurrent(_clock.GetUtcNow()) ? entry.Lookup : null;
        }
    }

    /// <summary>
    /// The material for <paramref name="key"/>: held, or fetched once by <paramref name="fetch"/> for all who ask
    /// meanwhile. With <paramref name="refresh"/> (a JWKS lacking the key id asked for), a held document is fetched
    /// again if it is older than <see cref="KeyFetchLimits.MinRefreshInterval"/>.
    /// </summary>
    public Task<KeyLookup> GetAsync(string key, string provider, Func<Task<KeyLookup>> fetch, bool refresh = false)
    {
        Entry? entry;
        TaskCompletionSource<KeyLookup> completion;
        lock (_gate)
        {
            var now = _clock.GetUtcNow();
            if (_entries.TryGetValue(key, out entry))
            {
                if (entry.Pending is { } pending)
                {
                    return pending;
                }

                var mayRefresh = refresh && entry.Value is not null && now - entry.FetchedAt >= _limits.MinRefreshInterval;
                if (entry.IsCurrent(now) && !mayRefresh)
                {
                    return Task.FromResult(entry.Lookup);
                }
            }
            else
            {
                if (SpentBudget(provider, now))
                {
                    return Task.FromResult(KeyLookup.Unavailable(
                        $"provider '{provider}' has fetched {_limits.NewUrlsPerMinute} new key URLs in the last minute, the most it may: requests naming ever new keys are refused until the minute is over"));
                }

                if (!MakeRoom(now))
                {
                    return Task.FromResult(KeyLookup.Unavailable(
                        $"the key cache holds {_limits.Capacity} URLs, each pending or verifying messages: a new URL is refused rather than drop a key in use"));
                }

                Spend(provider, now);
                entry = new Entry();
                _entries.Add(key, entry);
            }

            completion = new TaskCompletionSource<KeyLookup>(TaskCreationOptions.RunContinuationsAsynchronously);
            entry.Pending = completion.Task;
        }

        _ = CompleteAsync(entry, fetch, completion);
        return completion.Task;
    }

    /// <summary>The key verified a message: it is in use, and no unknown URL may evict it.</summary>
    public void MarkVerified(string key)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var entry))
            {
                entry.LastVerified = _clock.GetUtcNow();
            }
        }
    }

    private async Task CompleteAsync(Entry entry, Func<Task<KeyLookup>> fetch, TaskCompletionSource<KeyLookup> completion)
    {
        KeyLookup result;
        try
        {
            result = await fetch().ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A parser's unforeseen exception is a failed fetch like any other, never an unobserved task.
            result = KeyLookup.Unavailable("the key material could not be read (" + e.GetType().Name + ")");
        }

        lock (_gate)
        {
            var now = _clock.GetUtcNow();
            entry.Pending = null;
            entry.FetchedAt = now;
            if (result.Found)
            {
                entry.Value = result.Value;
                entry.Failure = null;
                entry.ExpiresAt = now + result.Lifetime;
            }
            else if (entry.Value is null || !entry.IsCurrent(now))
            {
                entry.Value = null;
                entry.Failure = result.Failure;
                entry.ExpiresAt = now + _limits.NegativeTtl;
            }

            // A refresh that failed keeps the document it had: its other keys are still good.
        }

        completion.SetResult(result);
    }

    private bool SpentBudget(string provider, DateTimeOffset now) =>
        _budgets.TryGetValue(provider, out var budget) && now - budget.WindowStart < BudgetWindow && budget.Used >= _limits.NewUrlsPerMinute;

    private void Spend(string provider, DateTimeOffset now)
    {
        if (!_budgets.TryGetValue(provider, out var budget) || now - budget.WindowStart >= BudgetWindow)
        {
            budget = new Budget { WindowStart = now };
            _budgets[provider] = budget;
        }

        budget.Used++;
    }

    /// <summary>Frees one place if the cache is full: a stale entry, then a failure, then the key longest unused; never a key in use.</summary>
    private bool MakeRoom(DateTimeOffset now)
    {
        if (_entries.Count < _limits.Capacity)
        {
            return true;
        }

        string? victim = null;
        var victimRank = int.MaxValue;
        var victimUsed = DateTimeOffset.MaxValue;
        foreach (var (key, entry) in _entries)
        {
            if (entry.Pending is not null)
            {
                continue;
            }

            var lastUsed = entry.LastVerified ?? entry.FetchedAt;
            var rank = !entry.IsCurrent(now) ? 0
                : entry.Value is null ? 1
                : entry.LastVerified is null || now - entry.LastVerified.Value > _limits.InUse ? 2
                : int.MaxValue;
            if (rank < victimRank || (rank == victimRank && rank != int.MaxValue && lastUsed < victimUsed))
            {
                victim = key;
                victimRank = rank;
                victimUsed = lastUsed;
            }
        }

        if (victim is null || victimRank == int.MaxValue)
        {
            return false;
        }

        _entries.Remove(victim);
        return true;
    }

    private sealed class Entry
    {
        public object? Value { get; set; }

        public string? Failure { get; set; }

        public DateTimeOffset ExpiresAt { get; set; }

        public DateTimeOffset FetchedAt { get; set; }

        public DateTimeOffset? LastVerified { get; set; }

        public Task<KeyLookup>? Pending { get; set; }

        public KeyLookup Lookup => Value is not null ? KeyLookup.Of(Value, ExpiresAt - FetchedAt) : KeyLookup.Unavailable(Failure!);

        public bool IsCurrent(DateTimeOffset now) => Pending is null ? ExpiresAt > now : Value is not null && ExpiresAt > now;
    }

    private sealed class Budget
    {
        public DateTimeOffset WindowStart { get; init; }

        public int Used { get; set; }
    }
}
