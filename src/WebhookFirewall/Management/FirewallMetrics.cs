using System.Runtime.CompilerServices;
using Prometheus;
using WebhookFirewall.Configuration;
using WebhookFirewall.Verification;

namespace WebhookFirewall.Management;

/// <summary>
/// The firewall's own metrics, with the contract's names. Every label value comes from config (route, policy,
/// provider) or a fixed set (outcome, code, secret index), never from request data. Each instance has its own
/// registry, so two firewalls in one process (tests) never mix their counts.
/// </summary>
internal sealed class FirewallMetrics
{
    private readonly Counter _requests;
    private readonly Counter _verificationFailures;
    private readonly Histogram _verificationDuration;
    private readonly Counter _secretMatches;
    private readonly Counter _storeErrors;
    private readonly Counter _reloadFailures;
    private readonly ConditionalWeakTable<RouteBinding, RouteMetrics> _routes = new();

    public FirewallMetrics(ConfigReloadStatus reloadStatus)
    {
        var factory = Metrics.WithCustomRegistry(Registry);
        _requests = factory.CreateCounter("webhook_requests_total", "Webhook requests by route, policy, provider and outcome.", ["route", "policy", "provider", "outcome"]);
        _verificationFailures = factory.CreateCounter("webhook_verification_failures_total", "Failed verifications by route, policy, provider and error code.", ["route", "policy", "provider", "code"]);
        _verificationDuration = factory.CreateHistogram("webhook_verification_duration_seconds", "Time spent verifying one request, by provider.", ["provider"], new HistogramConfiguration
        {
            Buckets = Histogram.ExponentialBuckets(0.000_001, 4, 10),
        });
        _secretMatches = factory.CreateCounter("webhook_secret_matches_total", "Verified requests by policy and the index of the secret that matched (watch rotation).", ["policy", "secret_index"]);
        _storeErrors = factory.CreateCounter("webhook_idempotency_store_errors_total", "Idempotency store operations that failed.", ["store"]);
        _reloadFailures = factory.CreateCounter("webhook_config_reload_failures_total", "Configuration changes refused; the last good configuration kept serving.");
        _reloadFailures.Inc(0);
        reloadStatus.ReloadFailed += () => _reloadFailures.Inc();
    }

    public CollectorRegistry Registry { get; } = Metrics.NewCustomRegistry();

    public RouteMetrics For(RouteBinding binding) => _routes.GetValue(binding, b => new RouteMetrics(this, b));

    public void StoreError(string store) => _storeErrors.WithLabels(store).Inc();

    /// <summary>Pre-resolved label children for one route: the request path does no label lookups.</summary>
    internal sealed class RouteMetrics
    {
        private readonly Counter.Child[] _outcomes;
        private readonly Counter.Child[] _failures;
        private readonly Histogram.Child _duration;
        private readonly FirewallMetrics _owner;
        private readonly string _policy;
        private Counter.Child[] _secretMatches = [];

        public RouteMetrics(FirewallMetrics owner, RouteBinding binding)
        {
            _owner = owner;
            _policy = binding.Policy?.Name ?? binding.PolicyName ?? PolicySet.Anonymous;
            var provider = binding.Policy?.Provider ?? "none";
            _outcomes = Enum.GetValues<RequestOutcome>().Select(o => owner._requests.WithLabels(binding.RouteId, _policy, provider, o.ToLabel())).ToArray();
            _failures = Enum.GetValues<FailureCode>().Select(c => c == FailureCode.None ? null! : owner._verificationFailures.WithLabels(binding.RouteId, _policy, provider, c.ToWireCode())).ToArray();
            _duration = owner._verificationDuration.WithLabels(provider);
        }

        public void Count(RequestOutcome outcome) => _outcomes[(int)outcome].Inc();

        public void VerificationFailed(FailureCode code) => _failures[(int)code].Inc();

        public void VerificationTook(TimeSpan elapsed) => _duration.Observe(elapsed.TotalSeconds);

        public void SecretMatched(int index)
        {
            if (index < 0)
            {
                return;
            }

            var matches = _secretMatches;
            if (index >= matches.Length)
            {
                // Rare (first use of each secret index); racing threads build equivalent arrays.
                matches = Enumerable.Range(0, index + 1).Select(i => _owner._secretMatches.WithLabels(_policy, i.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToArray();
                _secretMatches = matches;
            }

            matches[index].Inc();
        }
    }
}
