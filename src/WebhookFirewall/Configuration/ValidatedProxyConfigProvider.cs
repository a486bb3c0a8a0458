using System.Globalization;
using WebhookFirewall.Model;
using WebhookFirewall.Verification;
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
    private readonly IProxyConfigProvider _inner;
    private readonly IConfiguration _configuration;
    private readonly RouteBindings _bindings;
    private readonly IConfigValidator _validator;
    private readonly ConfigReloadStatus _status;
    private readonly ILogger<ValidatedProxyConfigProvider> _logger;
    private readonly ProviderEnvironment _environment;
    private readonly Lock _lock = new();
    private IProxyConfig? _lastIncoming;
    private ProxySnapshot? _current;
    private long _revision;

    public ValidatedProxyConfigProvider(
        IProxyConfigProvider inner,
        IConfiguration configuration,
        RouteBindings bindings,
        IConfigValidator validator,
        ConfigReloadStatus status,
        ProviderEnvironment environment,
        ILogger<ValidatedProxyConfigProvider> logger)
    {
        _inner = inner;
        _configuration = configuration;
        _bindings = bindings;
        _validator = validator;
        _status = status;
        _logger = logger;
        _environment = environment;
    }

    /// <summary>Evaluates the first snapshot; the caller refuses to start when it returns problems.</summary>
    public IReadOnlyList<ConfigProblem> Initialize()
    {
        lock (_lock)
        {
            var (proxy, firewall, problems) = Evaluate();
            if (problems.Count == 0)
            {
                Apply(proxy, firewall);
            }
            else
            {
                _bindings.Refuse(firewall);
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

            var (proxy, firewall, problems) = Evaluate();
            if (problems.Count == 0)
            {
                Apply(proxy, firewall);
                return proxy;
            }

            _bindings.Refuse(firewall);
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
            _current = _current.WaitingOn(proxy.ChangeToken);
            return _current;
        }
    }

    private void Apply(ProxySnapshot proxy, FirewallSnapshot firewall)
    {
        var first = _current is null;
        _bindings.Apply(firewall);
        _current = proxy;
        _status.RecordApplied(proxy.RevisionId);
        if (!first)
        {
            Log.ReloadApplied(_logger, proxy.RevisionId, proxy.Routes.Count, proxy.Clusters.Count);
            LogWarnings(_logger, firewall.Warnings);
        }
    }

    /// <summary>Warnings never refuse a config; they are logged with every revision that has them (start-up too).</summary>
    public static void LogWarnings(ILogger logger, IReadOnlyList<ConfigProblem> warnings)
    {
        foreach (var warning in warnings)
        {
            Log.Warning(logger, warning.Path, warning.Message);
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

    private (ProxySnapshot Proxy, FirewallSnapshot Firewall, List<ConfigProblem> Problems) Evaluate()
    {
        var problems = new List<ConfigProblem>();
        var incoming = SafeInnerConfig(out var readError);
        _lastIncoming = incoming;
        if (incoming is null)
        {
            problems.Add(new ConfigProblem("ReverseProxy", $"could not be read: {readError!.Message}"));
        }

        var revision = Interlocked.Increment(ref _revision).ToString(CultureInfo.InvariantCulture);
        var incomingRoutes = incoming?.Routes ?? [];
        var clusters = incoming?.Clusters ?? [];
        var firewall = SnapshotReader.Read(_configuration, incomingRoutes, clusters, revision, _environment);
        problems.AddRange(firewall.Problems);
        if (incoming is not null && incomingRoutes.Count == 0)
        {
            problems.Add(new ConfigProblem("ReverseProxy:Routes", "no routes are configured (a missing, empty or unparsable config file reads as none); refusing to drop every route"));
        }

        // Validated before YARP sees it, with YARP's own validators and ours, so every problem is reported with its
        // path and the whole snapshot is refused; YARP validates the applied one again.
        _bindings.Propose(firewall);
        var routes = incomingRoutes.Select(r => RouteMetadata.Stamp(r, revision)).ToArray();
        foreach (var route in routes)
        {
            foreach (var error in _validator.ValidateRouteAsync(route).AsTask().GetAwaiter().GetResult())
            {
                problems.Add(ConfigProblemException.ToProblem(error, $"ReverseProxy:Routes:{route.RouteId}"));
            }
        }

        foreach (var cluster in clusters)
        {
            foreach (var error in _validator.ValidateClusterAsync(cluster).AsTask().GetAwaiter().GetResult())
            {
                problems.Add(ConfigProblemException.ToProblem(error, $"ReverseProxy:Clusters:{cluster.ClusterId}"));
            }
        }

        var changeToken = incoming?.ChangeToken ?? _configuration.GetReloadToken();
        return (new ProxySnapshot(routes, clusters, changeToken, revision), firewall, problems);
    }
}
