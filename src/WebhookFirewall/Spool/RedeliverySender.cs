using System.Collections.Frozen;
using WebhookFirewall.Configuration;
using WebhookFirewall.Management;
using WebhookFirewall.Model;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.LoadBalancing;
using Yarp.ReverseProxy.Model;

namespace WebhookFirewall.Spool;

/// <summary>
/// One redelivery of a leased entry, through YARP's forwarder as a request would go: to a destination the cluster's
/// load-balancing policy picks among its healthy ones, with the cluster's own HTTP client and request settings, and
/// the result reported to passive health. The outcome is recorded under the lease: 2xx delivered; a 4xx other than
/// 408 and 429 dead; a failure the policy retries pending again after a backoff, dead once MaxAge has passed.
/// </summary>
internal sealed partial class RedeliverySender
{
    /// <summary>How soon an entry whose route (or cluster) is missing from the config is looked at again.</summary>
    private static readonly TimeSpan MissingRouteRecheck = TimeSpan.FromMinutes(1);

    private readonly RouteBindings _bindings;
    private readonly IProxyStateLookup _proxyState;
    private readonly IHttpForwarder _forwarder;
    private readonly FrozenDictionary<string, ILoadBalancingPolicy> _loadBalancing;
    private readonly FrozenDictionary<string, IPassiveHealthCheckPolicy> _passiveHealth;
    private readonly SpoolOptions _options;
    private readonly SpoolMetrics _metrics;
    private readonly SpoolChanges _changes;
    private readonly TimeProvider _clock;
    private readonly IServiceProvider _services;
    private readonly ILogger<RedeliverySender> _logger;
    private readonly HashSet<string> _missingRoutesLogged = new(StringComparer.OrdinalIgnoreCase);

    public RedeliverySender(
        RouteBindings bindings,
        IProxyStateLookup proxyState,
        IHttpForwarder forwarder,
        IEnumerable<ILoadBalancingPolicy> loadBalancing,
        IEnumerable<IPassiveHealthCheckPolicy> passiveHealth,
        SpoolOptions options,
        SpoolMetrics metrics,
        SpoolChanges changes,
        TimeProvider clock,
        IServiceProvider services,
        ILogger<RedeliverySender> logger)
    {
        _bindings = bindings;
        _proxyState = proxyState;
        _forwarder = forwarder;
        _loadBalancing = loadBalancing.ToFrozenDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
        _passiveHealth = passiveHealth.ToFrozenDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
        _options = options;
        _metrics = metrics;
        _changes = changes;
        _clock = clock;
        _services = services;
        _logger = logger;
    }

    public async Task SendAsync(ISpoolStore store, SpoolEntry entry, string owner, CancellationToken stopping)
    {
        SpoolAttemptResult result;
        try
        {
            result = await AttemptAsync(entry, stopping);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A bug must not lose the entry: it stays pending, its lease released, and is tried again later.
            Log.AttemptFailed(_logger, e, entry.Id, entry.Route);
            result = new SpoolAttemptResult(SpoolEntryState.Pending, entry.Attempts, _clock.GetUtcNow() + MissingRouteRecheck, entry.LastStatus, "internal error", null);
        }

        try
        {
            // Recorded even while stopping: the attempt happened, and the next instance must know it.
            if (await store.CompleteAsync(entry.Id, owner, result, CancellationToken.None))
            {
                _changes.Publish(entry.Id);
            }
            else
            {
                Log.LeaseLost(_logger, entry.Id, entry.Route);
            }
        }
        catch (SpoolStoreUnavailableException e)
        {
            // The lease runs out and the entry is sent again: at least once, never zero.
            Log.CompleteFailed(_logger, e, entry.Id, entry.Route, store.Name);
            _metrics.StoreError(store.Name);
        }
    }

    private async Task<SpoolAttemptResult> AttemptAsync(SpoolEntry entry, CancellationToken stopping)
    {
        var now = _clock.GetUtcNow();
        if (_bindings.Current?.Binding(entry.Route) is not { Policy: { } policy, ClusterId: { } clusterId }
            || !_proxyState.TryGetCluster(clusterId, out var cluster))
        {
            return MissingRoute(entry, now);
        }

        var attempt = entry.Attempts + 1;
        var destinations = cluster.DestinationsState.AvailableDestinations;
        if (destinations.Count == 0)
        {
            return Failed(entry, policy, attempt, now, null, ForwarderError.NoAvailableDestinations);
        }

        var context = SyntheticRequest(entry, stopping);
        var destination = PickDestination(context, cluster, destinations);
        var transformer = new RedeliveryTransformer(entry, attempt, policy, now);
        var config = cluster.Model.Config;
        var error = await _forwarder.SendAsync(context, destination.Model.Config.Address, cluster.Model.HttpClient, config.HttpRequest ?? ForwarderRequestConfig.Empty, transformer);
        if (config.HealthCheck?.Passive is { Enabled: true } passive && _passiveHealth.TryGetValue(passive.Policy ?? HealthCheckConstants.PassivePolicy.TransportFailureRate, out var health))
        {
            health.RequestProxied(context, cluster, destination);
        }

        if (error == ForwarderError.RequestCanceled && stopping.IsCancellationRequested)
        {
            // Stopped mid-send: not an attempt the backend answered; due again at once for whoever runs next.
            return new SpoolAttemptResult(SpoolEntryState.Pending, entry.Attempts, now, entry.LastStatus, entry.LastError, null);
        }

        if (transformer.Status is not { } status)
        {
            return Failed(entry, policy, attempt, _clock.GetUtcNow(), null, error);
        }

        if (status is >= 200 and < 300)
        {
            _metrics.Redelivered(entry.Route, "delivered");
            Log.Delivered(_logger, entry.Id, entry.Route, attempt, status);
            return new SpoolAttemptResult(SpoolEntryState.Delivered, attempt, null, status, null, _clock.GetUtcNow() + _options.DeadLetterTtl);
        }

        return Failed(entry, policy, attempt, _clock.GetUtcNow(), status, error);
    }

    /// <summary>Routes whose entries were put off because the route was missing, and that the config has again.</summary>
    public IReadOnlyList<string> TakeReturnedRoutes()
    {
        lock (_missingRoutesLogged)
        {
            if (_missingRoutesLogged.Count == 0 || _bindings.Current is not { } snapshot)
            {
                return [];
            }

            var returned = _missingRoutesLogged.Where(r => snapshot.Binding(r) is { Policy: not null, ClusterId: { } c } && _proxyState.TryGetCluster(c, out _)).ToArray();
            foreach (var route in returned)
            {
                _missingRoutesLogged.Remove(route);
            }

            return returned;
        }
    }

    private SpoolAttemptResult Failed(SpoolEntry entry, WebhookPolicy policy, int attempt, DateTimeOffset now, int? status, ForwarderError error)
    {
        var delivery = policy.Delivery;
        var retries = status is { } s ? delivery.Retries(s) : SpoolFailures.Retries(delivery, error);
        var failure = status is { } code ? $"status {code}" : SpoolFailures.Describe(error);
        if (retries && now < entry.GiveUpAt)
        {
            _metrics.Redelivered(entry.Route, "retry");
            var next = now + SpoolBackoff.Delay(attempt, delivery.BackoffFirst, delivery.BackoffMax, Random.Shared);
            Log.Retrying(_logger, entry.Id, entry.Route, attempt, failure, next);
            return new SpoolAttemptResult(SpoolEntryState.Pending, attempt, next, status, status is null ? failure : null, null);
        }

        _metrics.Redelivered(entry.Route, "dead");
        Log.DeadLettered(_logger, entry.Id, entry.Route, attempt, retries ? $"{failure}, older than MaxAge" : failure);
        return new SpoolAttemptResult(SpoolEntryState.Dead, attempt, null, status, status is null ? failure : retries ? "older than MaxAge" : null, now + _options.DeadLetterTtl);
    }

    /// <summary>The route (or its cluster) left the config: the entry waits for it, or ages out.</summary>
    private SpoolAttemptResult MissingRoute(SpoolEntry entry, DateTimeOffset now)
    {
        bool first;
        lock (_missingRoutesLogged)
        {
            first = _missingRoutesLogged.Add(entry.Route);
        }

        if (first)
        {
            Log.RouteMissing(_logger, entry.Route);
        }

        if (now >= entry.GiveUpAt)
        {
            _metrics.Redelivered(entry.Route, "dead");
            Log.DeadLettered(_logger, entry.Id, entry.Route, entry.Attempts, "route not configured, older than MaxAge");
            return new SpoolAttemptResult(SpoolEntryState.Dead, entry.Attempts, null, entry.LastStatus, "route not configured", now + _options.DeadLetterTtl);
        }

        return new SpoolAttemptResult(SpoolEntryState.Pending, entry.Attempts, now + MissingRouteRecheck, entry.LastStatus, "route not configured", null);
    }

    private DestinationState PickDestination(HttpContext context, ClusterState cluster, IReadOnlyList<DestinationState> destinations)
    {
        var name = cluster.Model.Config.LoadBalancingPolicy ?? LoadBalancingPolicies.PowerOfTwoChoices;
        return _loadBalancing.TryGetValue(name, out var policy) && policy.PickDestination(context, cluster, destinations) is { } picked ? picked : destinations[0];
    }

    /// <summary>A request of no connection: the stored method and bytes; what is answered is discarded.</summary>
    private HttpContext SyntheticRequest(SpoolEntry entry, CancellationToken stopping)
    {
        var context = new DefaultHttpContext { RequestServices = _services };
        var request = context.Request;
        request.Method = entry.Method;
        request.Protocol = "HTTP/1.1";
        request.Scheme = "http";
        request.Body = new MemoryStream(entry.Body, writable: false);
        foreach (var header in entry.Headers)
        {
            if (string.Equals(header.Name, "Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                request.ContentLength = entry.Body.Length;
            }
        }

        if (entry.Body.Length > 0)
        {
            request.ContentLength = entry.Body.Length;
        }

        context.Response.Body = Stream.Null;
        context.RequestAborted = stopping;
        return context;
    }
}
