namespace WebhookFirewall.Ledger;

/// <summary>
/// This instance's newest entries in a ring of `MaxEntries`: appending is a slot write under a short lock, and the
/// oldest entry simply falls out. Queries scan the ring newest first (a person is waiting on them, not a request).
/// </summary>
internal sealed class MemoryLedgerStore(int capacity) : ILedgerStore
{
    private readonly LedgerEntry?[] _ring = new LedgerEntry?[capacity];
    private readonly Lock _gate = new();
    private readonly LedgerFeed _feed = new();
    private long _written;

    public string Name => "memory";

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return (int)Math.Min(_written, _ring.Length);
            }
        }
    }

    public void Append(LedgerEntry entry)
    {
        lock (_gate)
        {
            _ring[_written % _ring.Length] = entry;
            _written++;
        }

        _feed.Publish(entry);
    }

    public ValueTask<IReadOnlyList<LedgerEntry>> QueryAsync(LedgerQuery query, CancellationToken cancellationToken)
    {
        var found = new List<LedgerEntry>(Math.Min(query.Limit, 64));
        lock (_gate)
        {
            for (var i = _written - 1; i >= 0 && i >= _written - _ring.Length && found.Count < query.Limit; i--)
            {
                var entry = _ring[i % _ring.Length]!;
                if (query.Matches(entry))
                {
                    found.Add(entry);
                }
            }
        }

        return ValueTask.FromResult<IReadOnlyList<LedgerEntry>>(found);
    }

    public ValueTask<LedgerEntry?> FindAsync(LedgerId id, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            for (var i = _written - 1; i >= 0 && i >= _written - _ring.Length; i--)
            {
                if (_ring[i % _ring.Length]!.Id == id)
                {
                    return ValueTask.FromResult(_ring[i % _ring.Length]);
                }
            }
        }

        return ValueTask.FromResult<LedgerEntry?>(null);
    }

    public IAsyncEnumerable<LedgerEntry> FollowAsync(CancellationToken cancellationToken) => _feed.FollowAsync(cancellationToken);
}
