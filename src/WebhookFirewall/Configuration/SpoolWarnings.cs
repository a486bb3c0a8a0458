using WebhookFirewall.Model;
using Yarp.ReverseProxy.Configuration;

namespace WebhookFirewall.Configuration;

/// <summary>
/// What is allowed but probably unintended about a spooling policy: told at start-up, on reload and by `validate`,
/// and never a reason to refuse the config.
/// </summary>
internal static class SpoolWarnings
{
    /// <summary>GitHub gives up on a delivery after 10 s; an exchange allowed longer is answered to nobody.</summary>
    public static readonly TimeSpan ProviderPatience = TimeSpan.FromSeconds(10);

    public static IReadOnlyList<ConfigProblem> For(PolicySet policies, IReadOnlyList<RouteBinding> routes, IReadOnlyList<ClusterConfig> clusters)
    {
        var warnings = new List<ConfigProblem>();
        foreach (var (name, policy) in policies.Policies)
        {
            if (policy.Delivery.Spools && policy.Verifier.SignsTimestamp && policy.ForwardSignature is null)
            {
                warnings.Add(new ConfigProblem($"{PolicyReader.PoliciesPath}:{name}:ForwardSignature",
                    $"policy '{name}' spools deliveries of provider '{policy.Provider}', which signs a timestamp, without a ForwardSignature: a backend that checks the provider's signature itself will refuse a late redelivery as stale; give the policy a ForwardSignature and have the backend check that instead"));
            }
        }

        var byId = clusters.Where(c => c.ClusterId is not null).GroupBy(c => c.ClusterId, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        foreach (var route in routes)
        {
            if (route.Policy is not { Delivery.Spools: true } || route.ClusterId is null || !byId.TryGetValue(route.ClusterId, out var cluster))
            {
                continue;
            }

            var activity = ClusterTimeouts.Activity(cluster);
            if (activity > ProviderPatience)
            {
                warnings.Add(new ConfigProblem($"ReverseProxy:Clusters:{cluster.ClusterId}:HttpRequest:ActivityTimeout",
                    $"route '{route.RouteId}' spools, but cluster '{cluster.ClusterId}' waits {activity} for an answer: providers give up sooner (GitHub after {ProviderPatience.TotalSeconds:0} s) and retry an exchange that is still running; set HttpRequest:ActivityTimeout to {ProviderPatience:c} or less so a slow backend is spooled in time"));
            }
        }

        return warnings;
    }
}
