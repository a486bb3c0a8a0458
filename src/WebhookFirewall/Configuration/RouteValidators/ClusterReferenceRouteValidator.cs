using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Configuration.RouteValidators;

namespace WebhookFirewall.Configuration.RouteValidators;

/// <summary>
/// A route's `ClusterId` names a cluster of the same revision. YARP itself accepts such a route and answers its
/// requests 503; a webhook route that can never deliver is a config error here.
/// </summary>
internal sealed class ClusterReferenceRouteValidator(RouteBindings bindings) : IRouteValidator
{
    public ValueTask ValidateAsync(RouteConfig routeConfig, IList<Exception> errors)
    {
        if (routeConfig.ClusterId is { } clusterId && bindings.SnapshotOf(routeConfig) is { } snapshot && !snapshot.ClusterIds.Contains(clusterId))
        {
            errors.Add(ConfigProblemException.At(
                $"ReverseProxy:Routes:{routeConfig.RouteId}:ClusterId",
                $"route '{routeConfig.RouteId}' names cluster '{clusterId}', which is not defined under ReverseProxy:Clusters"));
        }

        return ValueTask.CompletedTask;
    }
}
