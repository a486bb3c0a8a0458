using System.Runtime.CompilerServices;
using Yarp.ReverseProxy.Configuration;

namespace WebhookFirewall.Configuration;

/// <summary>
/// Ties each <see cref="RouteConfig"/> instance handed to YARP to the policies of the same snapshot. YARP snapshots
/// the route config per request, so a request always sees the route and the policies that were applied together —
/// never a new route with old secrets or the reverse. Entries die with their route config.
/// </summary>
internal sealed class RouteBindings
{
    public const string MetadataKey = "WebhookPolicy";

    private readonly ConditionalWeakTable<RouteConfig, RouteBinding> _bindings = new();

    public RouteBinding Bind(RouteConfig route, PolicySet policies, string? rateLimiterPolicy = null)
    {
        string? policyName = null;
        string? maxConcurrent = null;
        route.Metadata?.TryGetValue(MetadataKey, out policyName);
        route.Metadata?.TryGetValue(RouteBinding.MaxConcurrentRequestsKey, out maxConcurrent);
        var binding = new RouteBinding(route.RouteId, string.IsNullOrWhiteSpace(policyName) ? null : policyName, policies, rateLimiterPolicy, maxConcurrent);
        _bindings.AddOrUpdate(route, binding);
        return binding;
    }

    public RouteBinding? Find(RouteConfig route) => _bindings.TryGetValue(route, out var binding) ? binding : null;
}
