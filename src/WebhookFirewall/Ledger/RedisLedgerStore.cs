using System.Runtime.CompilerServices;
using System.Threading.Channels;
using StackExchange.Redis;
using WebhookFirewall.Model;

namespace WebhookFirewall.Ledger;

/// <summary>
/// One capped stream shared by every replica (`XADD key MAXLEN ~ MaxEntries`). Requests never wait for Redis: an
/// entry goes into a bounded queue that one writer drains in pipelined batches; a full queue or a failed write drops
/// the entry and counts it. The live feed polls the stream (StackExchange.Redis has no blocking XREAD), only while
/// someone follows it, so every replica's page shows every replica's entries.
/// </summary>
internal sealed partial class RedisLedgerStore : ILedgerStore, IAsyncDisposable
{
    private const int QueueCapacity = 10_000;
    private const int BatchSize = 256;
    private const int PageSize = 250;
    private const string EntryField = "e";
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    // Entries are written when their request ends, and replicas' clocks differ a little from Redis's: an id's entry
    // is looked for this far around its time first, then in the whole stream.
    private static readonly TimeSpan FindBefore = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan FindAfter = TimeSpan.FromMinutes(10);

    private readonly Task<ConnectionMultiplexer> _connection;
    private readonly RedisKey _key;
    private readonly int _maxEntries;
    private readonly LedgerDrops _drops;
    private readonly ILogger<RedisLedgerStore> _logger;
    private readonly Channel<LedgerEntry> _queue = Channel.CreateBounded<LedgerEntry>(new BoundedChannelOptions(QueueCapacity)
    {
        FullMode = BoundedChannelFullMode.Wait,
        SingleReader = true,
    });

    private readonly LedgerFeed _feed = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _writer;
    private readonly Lock _pollerGate = new();
    private Task? _poller;
    private bool _failing;

    public RedisLedgerStore(LedgerStoreOptions options, LedgerDrops drops, ILogger<RedisLedgerStore> logger)
    {
        var configuration = ConfigurationOptions.Parse(options.RedisConnectionString!);
        // Start while Redis is down and reconnect by itself; the writer, not a request, waits for it.
        configuration.AbortOnConnectFail = false;
        _connection = ConnectionMultiplexer.ConnectAsync(configuration);
        _key = options.StreamKey;
        _maxEntries = options.MaxEntries;
        _drops = drops;
        _logger = logger;
        _writer = Task.Run(WriteAsync);
    }

    public string Name => "redis";

    public void Append(LedgerEntry entry)
    {
        if (!_queue.Writer.TryWrite(entry))
        {
            _drops.CountQueueFull();
        }
    }

    public async ValueTask<IReadOnlyList<LedgerEntry>> QueryAsync(LedgerQuery query, CancellationToken cancellationToken)
    {
        var found = new List<LedgerEntry>();
        await foreach (var entry in ScanAsync(RedisValue.Null, RedisValue.Null, cancellationToken))
        {
            if (query.Matches(entry))
            {
                found.Add(entry);
                if (found.Count >= query.Limit)
                {
                    break;
                }
            }
        }

        return found;
    }

    public async ValueTask<LedgerEntry?> FindAsync(LedgerId id, CancellationToken cancellationToken)
    {
        var at = id.Milliseconds;
        var around = await FindInAsync(id, $"{Math.Max(0, at - (long)FindBefore.TotalMilliseconds)}-0", $"{at + (long)FindAfter.TotalMilliseconds}-0", cancellationToken);
        return around ?? await FindInAsync(id, RedisValue.Null, RedisValue.Null, cancellationToken);
    }

    public async IAsyncEnumerable<LedgerEntry> FollowAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        lock (_pollerGate)
        {
            _poller ??= Task.Run(PollAsync);
        }

        await foreach (var entry in _feed.FollowAsync(cancellationToken))
        {
            yield return entry;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.WhenAny(_writer, Task.Delay(TimeSpan.FromSeconds(2)));
        await _stopping.CancelAsync();
        if (_poller is not null)
        {
            await Task.WhenAny(_poller, Task.Delay(TimeSpan.FromSeconds(2)));
        }

        (await _connection).Dispose();
        _stopping.Dispose();
    }

    private async Task WriteAsync()
    {
        var batch = new List<LedgerEntry>(BatchSize);
        var writes = new List<Task>(BatchSize);
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < BatchSize && _queue.Reader.TryRead(out var entry))
            {
                batch.Add(entry);
            }

            try
            {
                var database = (await _connection).GetDatabase();
                foreach (var entry in batch)
                {
                    writes.Add(database.StreamAddAsync(_key, EntryField, LedgerEntryJson.ToUtf8(entry), maxLength: _maxEntries, useApproximateMaxLength: true));
                }

                await Task.WhenAll(writes);
                if (_failing)
                {
                    _failing = false;
                    Log.WritesRecovered(_logger, Name);
                }
            }
            catch (Exception e)
            {
                // Whatever went wrong, the writer lives on: entries are dropped and counted, never queued forever.
                var failed = writes.Count(w => !w.IsCompletedSuccessfully);
                _drops.CountStoreFailed(writes.Count == 0 ? batch.Count : failed);
                if (!_failing)
                {
                    _failing = true;
                    Log.WritesFailing(_logger, e, Name);
                }
            }

            batch.Clear();
            writes.Clear();
        }
    }

    private async Task PollAsync()
    {
        RedisValue last = RedisValue.Null;
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(PollInterval, _stopping.Token);
                if (!_feed.HasFollowers)
                {
                    // Followers that come later see what is written from then on, not a backlog.
                    last = RedisValue.Null;
                    continue;
                }

                var database = (await _connection).GetDatabase();
                if (last.IsNull)
                {
                    var newest = await database.StreamRangeAsync(_key, count: 1, messageOrder: Order.Descending);
                    last = newest.Length > 0 ? newest[0].Id : "0-0";
                    continue;
                }

                foreach (var message in await database.StreamReadAsync(_key, last, PageSize))
                {
                    last = message.Id;
                    if (Parse(message) is { } entry)
                    {
                        _feed.Publish(entry);
                    }
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                // Redis is away: the page shows nothing new until it is back, then catches up from the last id.
            }
        }
    }

    /// <summary>Entries from newest to oldest between two stream ids (null for either end), a page at a time.</summary>
    private async IAsyncEnumerable<LedgerEntry> ScanAsync(RedisValue from, RedisValue to, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var database = (await _connection.WaitAsync(cancellationToken)).GetDatabase();
        var end = to.IsNull ? (RedisValue)"+" : to;
        var start = from.IsNull ? (RedisValue)"-" : from;
        for (var scanned = 0; scanned <= _maxEntries * 2;)
        {
            var page = await database.StreamRangeAsync(_key, start, end, PageSize, Order.Descending);
            foreach (var message in page)
            {
                if (Parse(message) is { } entry)
                {
                    yield return entry;
                }
            }

            scanned += page.Length;
            if (page.Length < PageSize)
            {
                yield break;
            }

            // Exclusive from here: the next page starts below the oldest id seen.
            end = "(" + page[^1].Id;
        }
    }

    private async Task<LedgerEntry?> FindInAsync(LedgerId id, RedisValue from, RedisValue to, CancellationToken cancellationToken)
    {
        await foreach (var entry in ScanAsync(from, to, cancellationToken))
        {
            if (entry.Id == id)
            {
                return entry;
            }
        }

        return null;
    }

    private static LedgerEntry? Parse(StreamEntry message)
    {
        var value = message[EntryField];
        return value.IsNull ? null : LedgerEntryJson.Read(((byte[])value!).AsSpan());
    }
}
