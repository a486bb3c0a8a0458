namespace WebhookFirewall.Model;

/// <summary>
/// Everything the firewall read from one configuration revision, immutable: policies, admission settings, the binding
/// of every route, and the problems found reading them. Validators judge it; the stages serve from it.
/// </summary>
internal sealed class FirewallSnapshot(
    string revision,
    PolicySet policies,
    IReadOnlyList<RouteBinding> routes,
    IReadOnlySet<string> clusterIds,
    IReadOnlyList<ConfigProblem> problems)
{
    private readonly Dictionary<string, RouteBinding> _byRouteId = ByRouteId(routes);

    public string Revision { get; } = revision;

    public PolicySet Policies { get; } = policies;

    /// <summary>The bindings in the order the routes were read.</summary>
    public IReadOnlyList<RouteBinding> Routes { get; } = routes;

    /// <summary>The clusters defined in the same revision (routes may only name these).</summary>
    public IReadOnlySet<string> ClusterIds { get; } = clusterIds;

    public IReadOnlyList<ConfigProblem> Problems { get; } = problems;

    /// <summary>What is allowed but probably unintended: printed by `validate`, logged when applied, never refused.</summary>
    public IReadOnlyList<ConfigProblem> Warnings { get; init; } = [];

    public RouteBinding? Binding(string routeId) => _byRouteId.GetValueOrDefault(routeId);

    private static Dictionary<string, RouteBinding> ByRouteId(IReadOnlyList<RouteBinding> routes)
    {
        // Route ids compare as YARP compares them; a duplicate is YARP's to report, the first one is kept here.
        var byId = new Dictionary<string, RouteBinding>(routes.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var route in routes)
        {
            byId.TryAdd(route.RouteId, route);
        }

        return byId;
    }
}
