using System.Buffers;
using System.Text.Json;

namespace WebhookFirewall.Ledger;

/// <summary>
/// This instance's newest entries in a ring of `MaxEntries`, each kept as its JSON (the form the Redis store keeps) in
/// a slot buffer that the next entry of that slot reuses. An entry lives for `MaxEntries` requests — long enough to be
/// promoted to gen 2 and die there: as objects, every one of them did, and the full collections that reclaimed them
/// landed in the tail of every request in flight. As bytes in reused buffers the ring makes no garbage once its slots
/// have grown to their entries' size. Appending is a copy under a short lock; queries read one slot at a time under
/// it and parse outside it (a person is waiting on them, not a request), and only the entries whose route, policy,
/// outcome, code and time already match: those are kept beside each slot, as the shared strings of the configuration
/// and the outcome and code tables they are (nothing that dies with the request).
/// </summary>
internal sealed class MemoryLedgerStore(int capacity) : ILedgerStore
{
    /// <summary>Room to spare in a new slot buffer, so entries a little larger than the last fit without a new one.</summary>
    private const int SlotSlack = 256;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_encoded;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    private readonly byte[]?[] _slots = new byte[]?[capacity];
    private readonly int[] _lengths = new int[capacity];
    private readonly LedgerId[] _ids = new LedgerId[capacity];
    private readonly SlotFacts[] _facts = new SlotFacts[capacity];
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
                return (int)Math.Min(_written, _slots.Length);
            }
        }
    }

    public void Append(LedgerEntry entry)
    {
        var encoded = t_encoded ??= new ArrayBufferWriter<byte>(2048);
        encoded.ResetWrittenCount();
        var json = t_writer ??= new Utf8JsonWriter(encoded);
        json.Reset(encoded);
        LedgerEntryJson.Write(json, entry);
        json.Flush();
        var bytes = encoded.WrittenSpan;
        lock (_gate)
        {
            var slot = (int)(_written % _slots.Length);
            var buffer = _slots[slot];
            if (buffer is null || buffer.Length < bytes.Length)
            {
                buffer = _slots[slot] = new byte[bytes.Length + SlotSlack];
            }

            bytes.CopyTo(buffer);
            _lengths[slot] = bytes.Length;
            _ids[slot] = entry.Id;
            _facts[slot] = new SlotFacts(entry.Route, entry.Policy, entry.Outcome, entry.Code, entry.ReceivedAt);
            _written++;
        }

        _feed.Publish(entry);
    }

    public ValueTask<IReadOnlyList<LedgerEntry>> QueryAsync(LedgerQuery query, CancellationToken cancellationToken)
    {
        var found = new List<LedgerEntry>(Math.Min(query.Limit, 64));
        var copy = ArrayPool<byte>.Shared.Rent(4096);
        try
        {
            long newest;
            lock (_gate)
            {
                newest = _written - 1;
            }

            for (var i = newest; i >= 0 && found.Count < query.Limit; i--)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var copied = TryCopy(i, query, ref copy, out var length);
                if (copied is null)
                {
                    break;
                }

                if (copied == true && LedgerEntryJson.Read(copy.AsSpan(0, length)) is { } entry && query.MatchesDeliveryId(entry.DeliveryId))
                {
                    found.Add(entry);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(copy);
        }

        return ValueTask.FromResult<IReadOnlyList<LedgerEntry>>(found);
    }

    public ValueTask<LedgerEntry?> FindAsync(LedgerId id, CancellationToken cancellationToken)
    {
        byte[]? copy = null;
        var length = 0;
        lock (_gate)
        {
            for (var i = _written - 1; i >= 0 && i >= _written - _slots.Length; i--)
            {
                var slot = (int)(i % _slots.Length);
                if (_ids[slot] == id)
                {
                    length = _lengths[slot];
                    copy = _slots[slot].AsSpan(0, length).ToArray();
                    break;
                }
            }
        }

        return ValueTask.FromResult(copy is null ? null : LedgerEntryJson.Read(copy.AsSpan(0, length)));
    }

    public IAsyncEnumerable<LedgerEntry> FollowAsync(CancellationToken cancellationToken) => _feed.FollowAsync(cancellationToken);

    /// <summary>
    /// Copies the <paramref name="index"/>th entry ever written when what is known of it beside its slot matches
    /// <paramref name="query"/>: true when copied, false when it cannot match, null once it has fallen out of the ring.
    /// </summary>
    private bool? TryCopy(long index, LedgerQuery query, ref byte[] copy, out int length)
    {
        length = 0;
        lock (_gate)
        {
            if (index < _written - _slots.Length)
            {
                return null;
            }

            var slot = (int)(index % _slots.Length);
            var facts = _facts[slot];
            if (!query.MatchesSummary(facts.Route, facts.Policy, facts.Outcome, facts.Code, facts.ReceivedAt))
            {
                return false;
            }

            length = _lengths[slot];
            if (copy.Length < length)
            {
                ArrayPool<byte>.Shared.Return(copy);
                copy = ArrayPool<byte>.Shared.Rent(length);
            }

            _slots[slot].AsSpan(0, length).CopyTo(copy);
            return true;
        }
    }

    /// <summary>What a query filters on besides the delivery id, kept beside the slot.</summary>
    private readonly record struct SlotFacts(string Route, string? Policy, string Outcome, string? Code, DateTimeOffset ReceivedAt);
}
