using WebhookFirewall.Model;
using WebhookFirewall.Verification;
using Yarp.ReverseProxy.Configuration;

namespace WebhookFirewall.Configuration;

/// <summary>
/// The one reader: turns the configuration root and the routes and clusters YARP read from it at the same moment
/// into an immutable <see cref="FirewallSnapshot"/>, collecting every problem with its config path rather than
/// stopping at the first, so an operator fixes a broken config in one pass. Reading has no side effect: what the
/// snapshot means for YARP is judged afterwards, by the route and cluster validators.
/// </summary>
internal static class SnapshotReader
{
    public static FirewallSnapshot Read(IConfiguration configuration, IReadOnlyList<RouteConfig> routes, IReadOnlyList<ClusterConfig> clusters, string revision, ProviderEnvironment environment)
    {
        var problems = new List<ConfigProblem>();
        var policies = PolicyReader.Read(configuration, environment, problems);
        var bindings = new RouteBinding[routes.Count];
        for (var i = 0; i < routes.Count; i++)
        {
            bindings[i] = RouteBindingReader.Read(routes[i], revision, policies);
        }

        var clusterIds = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var cluster in clusters)
        {
            if (cluster.ClusterId is not null)
            {
                clusterIds.Add(cluster.ClusterId);
            }
        }

        return new FirewallSnapshot(revision, policies, bindings, clusterIds, problems)
        {
            Warnings = [.. SpoolWarnings.For(policies, bindings, clusters), .. ReplayWindowWarnings.For(policies)],
        };
    }
}
