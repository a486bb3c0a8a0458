using WebhookFirewall.Model;

namespace WebhookFirewall.Tests.Units;

/// <summary>Route bindings and snapshots as the snapshot reader makes them, for tests of what reads them.</summary>
internal static class ModelBuilders
{
    public static RateLimitDefinition FixedWindow(string name, int permits) =>
        new(name, RateLimitKind.FixedWindow, RateLimitPartitioning.Route, permits, TimeSpan.FromMinutes(1), 0, 0, 0, TimeSpan.Zero);

    public static PolicySet Policies(params RateLimitDefinition[] limits) =>
        new(new Dictionary<string, WebhookPolicy>(), [], new AdmissionSettings(NetworkList.Empty, new Dictionary<string, NetworkList>(), limits.ToDictionary(l => l.Name)));

    public static RouteBinding Binding(string routeId, string revision, RateLimitDefinition? limit = null, int? maxConcurrent = null, PolicySet? policies = null) => new()
    {
        RouteId = routeId,
        Revision = revision,
        PolicyName = PolicySet.Anonymous,
        Policies = policies ?? Policies(),
        RateLimiterPolicy = limit?.Name,
        RateLimit = limit,
        MaxConcurrentRequests = maxConcurrent,
    };

    public static FirewallSnapshot Snapshot(string revision, params string[] routeIds)
    {
        var policies = Policies();
        return new FirewallSnapshot(revision, policies, routeIds.Select(id => Binding(id, revision, policies: policies)).ToArray(), new HashSet<string>(), []);
    }
}
