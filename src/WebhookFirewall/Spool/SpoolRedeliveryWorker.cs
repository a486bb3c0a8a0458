using WebhookFirewall.Management;
using WebhookFirewall.Model;

namespace WebhookFirewall.Spool;

/// <summary>
/// Every instance runs one: it claims due entries under a lease (`Spool:Lease`), at most `Spool:Concurrency` at a
/// time, oldest first, and hands each to <see cref="RedeliverySender"/>. It wakes when an entry is added or retried
/// here, when a send ends, and every <see cref="PollInterval"/> for entries other instances spooled, backoffs that
/// ran out and leases of instances that died.
/// </summary>
internal sealed partial class SpoolRedeliveryWorker(SpoolStores stores, SpoolOptions options, RedeliverySender sender, SpoolSignal signal, SpoolMetrics metrics, TimeProvider clock, ILogger<SpoolRedeliveryWorker> logger) : BackgroundService
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    /// <summary>This process's lease token: a restarted instance is another owner, so it never trusts an old lease.</summary>
    private readonly string _owner = Guid.NewGuid().ToString("N");

    private readonly List<Task> _sending = [];

    /// <summary>
    /// How often expired dead letters and delivered records are dropped: a tenth of `Spool:DeadLetterTtl`, between
    /// the poll interval and a minute. The metrics' collection does it too, but expiry must not wait for a scrape.
    /// </summary>
    private readonly TimeSpan _sweepInterval = TimeSpan.FromTicks(Math.Clamp(options.DeadLetterTtl.Ticks / 10, PollInterval.Ticks, TimeSpan.TicksPerMinute));

    private DateTimeOffset _nextSweep;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Before the listener starts: a spooling config has its store from the first request on.
        await stores.OpenIfNeededAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        Task[] sending;
        lock (_sending)
        {
            sending = [.. _sending];
        }

        // The sends were cancelled with the worker; each records its attempt (or releases its lease) before it ends.
        await Task.WhenAll(sending).WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failing = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            var claimedAll = false;
            try
            {
                await stores.OpenIfNeededAsync(stoppingToken);
                if (stores.Store is { } store)
                {
                    claimedAll = await ClaimAsync(store, stoppingToken);
                    await SweepIfDueAsync(store, stoppingToken);
                    failing = false;
                }
            }
            catch (SpoolStoreUnavailableException e)
            {
                if (!failing)
                {
                    Log.ClaimFailed(logger, e, stores.Kind);
                }

                failing = true;
                metrics.StoreError(stores.Kind);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            if (!claimedAll)
            {
                await signal.WaitAsync(PollInterval, stoppingToken);
            }
        }
    }

    private async Task SweepIfDueAsync(ISpoolStore store, CancellationToken stoppingToken)
    {
        var now = clock.GetUtcNow();
        if (now < _nextSweep)
        {
            return;
        }

        _nextSweep = now + _sweepInterval;
        await store.StatsAsync(now, stoppingToken);
    }

    /// <summary>Claims as many due entries as there is room for; true when it filled that room (more may be due).</summary>
    private async Task<bool> ClaimAsync(ISpoolStore store, CancellationToken stoppingToken)
    {
        int free;
        lock (_sending)
        {
            _sending.RemoveAll(t => t.IsCompleted);
            free = options.Concurrency - _sending.Count;
        }

        if (free <= 0)
        {
            return false;
        }

        foreach (var route in sender.TakeReturnedRoutes())
        {
            // Put off while the route was missing: due again at once.
            await store.WakeRouteAsync(route, clock.GetUtcNow(), stoppingToken);
        }

        var due = await store.ClaimDueAsync(clock.GetUtcNow(), free, options.Lease, _owner, stoppingToken);
        foreach (var entry in due)
        {
            var send = SendAsync(store, entry, stoppingToken);
            lock (_sending)
            {
                _sending.Add(send);
            }
        }

        return due.Count == free && due.Count > 0;
    }

    private async Task SendAsync(ISpoolStore store, SpoolEntry entry, CancellationToken stoppingToken)
    {
        await Task.Yield(); // the claim loop goes on while this entry is sent
        try
        {
            await sender.SendAsync(store, entry, _owner, stoppingToken);
        }
        finally
        {
            signal.Pulse();
        }
    }
}
