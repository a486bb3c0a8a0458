using System.Runtime.CompilerServices;
using Prometheus;
using WebhookFirewall.Configuration;
using WebhookFirewall.Ledger;
using WebhookFirewall.Model;

namespace WebhookFirewall.Management;

/// <summary>
/// The firewall's own metrics, with the contract's names. Every label value comes from config (route, policy,
/// provider) or a fixed set (outcome, code, secret index), never from request data. Each instance has its own
/// registry, so two firewalls in one process (tests) never mix their counts.
/// </summary>
internal sealed class FirewallMetrics
{
    private readonly Counter _storeErrors;
    private readonly Counter _reloadFailures;
    private readonly ConditionalWeakTable<RouteBinding, RouteMetrics> _routes = new();

    public FirewallMetrics(ConfigReloadStatus reloadStatus, LedgerDrops ledgerDrops)
    {
        var factory = Metrics.WithCustomRegistry(Registry);
        Requests = factory.CreateCounter("webhook_requests_total", "Webhook requests by route, policy, provider and outcome.", ["route", "policy", "provider", "outcome"]);
        VerificationFailures = factory.CreateCounter("webhook_verification_failures_total", "Failed verifications by route, policy, provider and error code.", ["route", "policy", "provider", "code"]);
        VerificationDuration = factory.CreateHistogram("webhook_verification_duration_seconds", "Time spent verifying one request, by provider.", ["provider"], new HistogramConfiguration
        {
            Buckets = Histogram.ExponentialBuckets(0.000_001, 4, 10),
        });
        SecretMatches = factory.CreateCounter("webhook_secret_matches_total", "Verified requests by policy and the index of the secret that matched (watch rotation).", ["policy", "secret_index"]);
        _storeErrors = factory.CreateCounter("webhook_idempotency_store_errors_total", "Idempotency store operations that failed.", ["store"]);
        _reloadFailures = factory.CreateCounter("webhook_config_reload_failures_total", "Configuration changes refused; the last good configuration kept serving.");
        _reloadFailures.Inc(0);
        reloadStatus.ReloadFailed += () => _reloadFailures.Inc();

        // Counted where they happen (off the request's path), copied here when scraped.
        var ledgerDropped = factory.CreateCounter("webhook_ledger_dropped_total", "Ledger entries dropped: the write queue was full, or the store failed.", ["reason"]);
        var queueFull = ledgerDropped.WithLabels("queue_full");
        var storeFailed = ledgerDropped.WithLabels("store_failed");
        Registry.AddBeforeCollectCallback(() =>
        {
            queueFull.IncTo(ledgerDrops.QueueFull);
            storeFailed.IncTo(ledgerDrops.StoreFailed);
        });
    }

    public CollectorRegistry Registry { get; } = Metrics.NewCustomRegistry();

    internal Counter Requests { get; }

    internal Counter VerificationFailures { get; }

    internal Histogram VerificationDuration { get; }

    internal Counter SecretMatches { get; }

    /// <summary>One set of label children per binding, made on its first request.</summary>
    public RouteMetrics For(RouteBinding binding) => _routes.GetValue(binding, b => new RouteMetrics(this, b));

    public void StoreError(string store) => _storeErrors.WithLabels(store).Inc();
}
