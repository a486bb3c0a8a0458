using Prometheus;
using WebhookFirewall.Configuration;
using WebhookFirewall.Spool;

namespace WebhookFirewall.Management;

/// <summary>
/// The spool's metrics, on the firewall's registry: the entries and the oldest pending one per route (gauges read
/// from the store when /metrics is scraped, so with a shared store every replica exports the same values — alert on
/// `max by (route)`), redeliveries by result and store errors. Label values are route ids and fixed words.
/// </summary>
internal sealed class SpoolMetrics
{
    private static readonly TimeSpan StatsTimeout = TimeSpan.FromSeconds(2);

    private readonly Gauge _entries;
    private readonly Gauge _oldestPendingAge;
    private readonly Counter _redeliveries;
    private readonly Counter _storeErrors;
    private readonly HashSet<string> _routesSeen = new(StringComparer.Ordinal);
    private readonly SpoolStores _stores;
    private readonly RouteBindings _bindings;
    private readonly TimeProvider _clock;

    public SpoolMetrics(FirewallMetrics firewall, SpoolStores stores, RouteBindings bindings, TimeProvider clock)
    {
        _stores = stores;
        _bindings = bindings;
        _clock = clock;
        var factory = Metrics.WithCustomRegistry(firewall.Registry);
        _entries = factory.CreateGauge("webhook_spool_entries", "Spooled deliveries by route and state (pending, dead).", ["route", "state"]);
        _oldestPendingAge = factory.CreateGauge("webhook_spool_oldest_pending_age_seconds", "Age of the oldest pending spooled delivery, by route (0 when none).", ["route"]);
        _redeliveries = factory.CreateCounter("webhook_redeliveries_total", "Redelivery attempts of spooled deliveries by route and result (delivered, retry, dead).", ["route", "result"]);
        _storeErrors = factory.CreateCounter("webhook_spool_store_errors_total", "Spool store operations that failed.", ["store"]);
        firewall.Registry.AddBeforeCollectCallback(UpdateGaugesAsync);
    }

    public void Redelivered(string route, string result) => _redeliveries.WithLabels(route, result).Inc();

    public void StoreError(string store) => _storeErrors.WithLabels(store).Inc();

    private async Task UpdateGaugesAsync(CancellationToken cancellationToken)
    {
        if (_stores.Store is not { } store)
        {
            return;
        }

        var at = _clock.GetUtcNow();
        IReadOnlyList<SpoolRouteStats> stats;
        try
        {
            stats = await store.StatsAsync(at, cancellationToken).WaitAsync(StatsTimeout, cancellationToken);
        }
        catch (Exception e) when (e is SpoolStoreUnavailableException or TimeoutException)
        {
            StoreError(store.Name);
            return; // the last values stay
        }

        lock (_routesSeen)
        {
            // Every spooling route has its series from the start: an empty spool reads 0, not "no data".
            foreach (var binding in _bindings.Current?.Routes ?? [])
            {
                if (binding.Policy is { Delivery.Spools: true })
                {
                    _routesSeen.Add(binding.RouteId);
                }
            }

            var present = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (route, pending, dead, oldest) in stats)
            {
                present.Add(route);
                _routesSeen.Add(route);
                _entries.WithLabels(route, "pending").Set(pending);
                _entries.WithLabels(route, "dead").Set(dead);
                _oldestPendingAge.WithLabels(route).Set(oldest is { } o ? Math.Max(0, (at - o).TotalSeconds) : 0);
            }

            // A route whose entries are all gone reads 0 rather than its last value.
            foreach (var route in _routesSeen)
            {
                if (!present.Contains(route))
                {
                    _entries.WithLabels(route, "pending").Set(0);
                    _entries.WithLabels(route, "dead").Set(0);
                    _oldestPendingAge.WithLabels(route).Set(0);
                }
            }
        }
    }
}
