using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using WebhookFirewall.Idempotency;
using Yarp.ReverseProxy.Configuration;

namespace WebhookFirewall.Configuration;

/// <summary>
/// Sits between YARP's config-file provider and YARP. Every snapshot — routes, clusters and webhook policies read
/// from the same configuration root at the same moment — is validated as a whole with YARP's own validators (ours
/// included). A snapshot with any problem is refused and the last good one keeps serving. This is also where a
/// deleted, empty or unparsable file is caught: it reaches YARP as a valid config without routes, which YARP would
/// apply, dropping every route.
/// </summary>
internal sealed partial class ValidatedProxyConfigProvider : IProxyConfigProvider
{
    public const string RevisionMetadataKey = "WebhookFirewall.Revision";

    private readonly IProxyConfigProvider _inner;
    private readonly IConfiguration _configuration;
    private readonly RouteBindings _bindings;
    private readonly IServiceProvider _services;
    private readonly ConfigReloadStatus _status;
    private readonly IdempotencyOptions _idempotency;
    private readonly ILogger<ValidatedProxyConfigProvider> _logger;
    private readonly Lock _lock = new();
    private IProxyConfig? _lastIncoming;
    private ProxySnapshot? _current;
    private long _revision;

    public ValidatedProxyConfigProvider(
        IProxyConfigProvider inner,
        IConfiguration configuration,
        RouteBindings bindings,
        IServiceProvider services,
        ConfigReloadStatus status,
        IdempotencyOptions idempotency,
        ILogger<ValidatedProxyConfigProvider> logger)
    {
        _inner = inner;
        _configuration = configuration;
        _bindings = bindings;
        _services = services;
        _status = status;
        _idempotency = idempotency;
        _logger = logger;
    }

    /// <summary>Evaluates the first snapshot; the caller refuses to start when it returns problems.</summary>
    public IReadOnlyList<ConfigProblem> Initialize()
    {
        lock (_lock)
        {
            var (snapshot, problems) = Evaluate();
            if (problems.Count == 0)
            {
                Apply(snapshot);
            }

            return problems;
        }
    }

    public IProxyConfig GetConfig()
    {
        lock (_lock)
        {
            if (_current is not null && ReferenceEquals(SafeInnerConfig(out _), _lastIncoming))
            {
                return _current;
            }

            var (snapshot, problems) = Evaluate();
            if (problems.Count == 0)
            {
                Apply(snapshot);
                return snapshot;
            }

            if (_current is null)
            {
                // Start-up runs Initialize first and exits on problems; reaching here means a host that skipped it.
                throw new InvalidOperationException("The proxy configuration is invalid:" + Environment.NewLine + string.Join(Environment.NewLine, problems));
            }

            Log.ReloadRefused(_logger, problems.Count, _current.RevisionId);
            foreach (var problem in problems)
            {
                Log.ReloadProblem(_logger, problem.Path, problem.Message);
            }

            _status.RecordRefused(problems);
            _current = _current.WaitingOn(snapshot.ChangeToken);
            return _current;
        }
    }

    private void Apply(ProxySnapshot snapshot)
    {
        var first = _current is null;
        _current = snapshot;
        _status.RecordApplied(snapshot.RevisionId);
        if (!first)
        {
            Log.ReloadApplied(_logger, snapshot.RevisionId, snapshot.Routes.Count, snapshot.Clusters.Count);
        }
    }

    private IProxyConfig? SafeInnerConfig(out Exception? error)
    {
        try
        {
            error = null;
            return _inner.GetConfig();
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or ArgumentException or IOException)
        {
            error = e;
            return null;
        }
    }

    private (ProxySnapshot Snapshot, List<ConfigProblem> Problems) Evaluate()
    {
        var problems = new List<ConfigProblem>();
        var incoming = SafeInnerConfig(out var readError);
        _lastIncoming = incoming;
        if (incoming is null)
        {
            problems.Add(new ConfigProblem("ReverseProxy", $"could not be read: {readError!.Message}"));
        }

        var policies = PolicyReader.Read(_configuration);
        problems.AddRange(policies.Problems);

        var revision = Interlocked.Increment(ref _revision).ToString(CultureInfo.InvariantCulture);
        var incomingRoutes = incoming?.Routes ?? [];
        var routes = incomingRoutes.Select(r => Stamp(r, revision)).ToArray();
        var clusters = incoming?.Clusters ?? [];
        if (incoming is not null && routes.Length == 0)
        {
            problems.Add(new ConfigProblem("ReverseProxy:Routes", "no routes are configured (a missing, empty or unparsable config file reads as none); refusing to drop every route"));
        }

        var validator = _services.GetRequiredService<IConfigValidator>();
        var clustersById = clusters.ToDictionary(c => c.ClusterId, StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < routes.Length; i++)
        {
            var route = routes[i];
            var binding = _bindings.Bind(route, policies, incomingRoutes[i].RateLimiterPolicy);
            var path = $"ReverseProxy:Routes:{route.RouteId}";
            foreach (var error in validator.ValidateRouteAsync(route).AsTask().GetAwaiter().GetResult())
            {
                problems.Add(ConfigProblemException.ToProblem(error, path));
            }

            if (route.ClusterId is null)
            {
                continue;
            }

            if (!clustersById.TryGetValue(route.ClusterId, out var cluster))
            {
                problems.Add(new ConfigProblem($"{path}:ClusterId", $"route '{route.RouteId}' names cluster '{route.ClusterId}', which is not defined under ReverseProxy:Clusters"));
            }
            else if (binding.Policy is { Idempotency.Enabled: true } && ActivityTimeout(cluster) >= _idempotency.Lease)
            {
                problems.Add(new ConfigProblem(
                    $"{IdempotencyOptions.SectionPath}:Lease",
                    $"the claim lease ({_idempotency.Lease}) must outlast cluster '{cluster.ClusterId}' ActivityTimeout ({ActivityTimeout(cluster)}) used by route '{route.RouteId}', or a slow delivery could be forwarded twice"));
            }
        }

        foreach (var cluster in clusters)
        {
            foreach (var error in validator.ValidateClusterAsync(cluster).AsTask().GetAwaiter().GetResult())
            {
                problems.Add(ConfigProblemException.ToProblem(error, $"ReverseProxy:Clusters:{cluster.ClusterId}"));
            }
        }

        var changeToken = incoming?.ChangeToken ?? _configuration.GetReloadToken();
        return (new ProxySnapshot(routes, clusters, changeToken, revision), problems);
    }

    /// <summary>How long YARP waits on the upstream: its default is 100 s.</summary>
    private static TimeSpan ActivityTimeout(ClusterConfig cluster) => cluster.HttpRequest?.ActivityTimeout ?? TimeSpan.FromSeconds(100);

    /// <summary>
    /// A copy of the route carrying the snapshot's revision. YARP keeps a route whose config is unchanged, and with
    /// it the old binding; a rotated secret changes no route, so every route is made to differ. The route's
    /// `RateLimiterPolicy` moves to the binding: the firewall enforces it itself, after the source allowlist and
    /// before the body is read, with definitions that reload like everything else (ASP.NET Core's middleware would
    /// run before the allowlist and only knows the policies registered at start-up).
    /// </summary>
    private static RouteConfig Stamp(RouteConfig route, string revision)
    {
        var metadata = route.Metadata is null
            ? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            : new Dictionary<string, string>(route.Metadata, StringComparer.OrdinalIgnoreCase);
        metadata[RevisionMetadataKey] = revision;
        return route with { Metadata = metadata, RateLimiterPolicy = null };
    }
}
