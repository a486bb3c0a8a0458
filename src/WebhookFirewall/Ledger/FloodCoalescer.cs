namespace WebhookFirewall.Ledger;

/// <summary>
/// Keeps a flood of refused requests from evicting the useful history: per (route, code, client), at most
/// <see cref="PerSecond"/> entries a second are written; the rest of that second are held back, and only the newest
/// of them is written — when its second is over — carrying the count of the others in `repeats`. Nothing is lost
/// from the count, and every written entry is final (entries are immutable). The table of keys is bounded; beyond
/// it, new clients of a route and code share one key without a client.
/// </summary>
internal sealed class FloodCoalescer : IDisposable
{
    public const int PerSecond = 3;

    private const int MaxKeys = 4096;
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan IdleAfter = TimeSpan.FromSeconds(30);

    private readonly Dictionary<FloodKey, FloodWindow> _windows = [];
    private readonly Lock _gate = new();
    private readonly Action<LedgerEntry> _write;
    private readonly TimeProvider _clock;
    private readonly ITimer _flush;

    public FloodCoalescer(Action<LedgerEntry> write, TimeProvider clock)
    {
        _write = write;
        _clock = clock;
        _flush = clock.CreateTimer(_ => Flush(), null, Window, Window);
    }

    public void Offer(LedgerEntry entry)
    {
        var key = new FloodKey(entry.Route, entry.Code ?? string.Empty, entry.Client);
        var now = _clock.GetTimestamp();
        LedgerEntry? previous = null;
        bool write;
        lock (_gate)
        {
            var window = WindowFor(key, now);
            if (_clock.GetElapsedTime(window.StartedAt, now) >= Window)
            {
                previous = window.TakePending();
                window.StartedAt = now;
                window.Written = 0;
            }

            write = window.Written < PerSecond;
            if (write)
            {
                window.Written++;
            }
            else
            {
                window.Pending = entry;
                window.Held++;
            }
        }

        if (previous is not null)
        {
            _write(previous);
        }

        if (write)
        {
            _write(entry);
        }
    }

    /// <summary>Writes what windows that are over still hold, and forgets keys idle for a while.</summary>
    public void Flush()
    {
        List<LedgerEntry>? due = null;
        var now = _clock.GetTimestamp();
        lock (_gate)
        {
            List<FloodKey>? idle = null;
            foreach (var (key, window) in _windows)
            {
                var age = _clock.GetElapsedTime(window.StartedAt, now);
                if (age >= Window && window.TakePending() is { } pending)
                {
                    (due ??= []).Add(pending);
                }
                else if (age >= IdleAfter)
                {
                    (idle ??= []).Add(key);
                }
            }

            foreach (var key in idle ?? [])
            {
                _windows.Remove(key);
            }
        }

        foreach (var entry in due ?? [])
        {
            _write(entry);
        }
    }

    public void Dispose()
    {
        _flush.Dispose();
        Flush();
    }

    private FloodWindow WindowFor(FloodKey key, long now)
    {
        if (_windows.TryGetValue(key, out var window))
        {
            return window;
        }

        if (_windows.Count >= MaxKeys)
        {
            key = key with { Client = null };
            if (_windows.TryGetValue(key, out window))
            {
                return window;
            }
        }

        // A new key's first window starts long enough ago that its first request opens a fresh one.
        window = new FloodWindow { StartedAt = now - (long)(Window.TotalSeconds * _clock.TimestampFrequency) };
        _windows[key] = window;
        return window;
    }
}
