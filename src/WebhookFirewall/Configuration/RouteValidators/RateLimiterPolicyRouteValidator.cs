using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Configuration.RouteValidators;

namespace WebhookFirewall.Configuration.RouteValidators;

/// <summary>
/// A route's `RateLimiterPolicy` must name a definition under `WebhookFirewall:RateLimiting:Policies`: the firewall
/// enforces it itself (YARP's own validator never sees it; see <see cref="RouteMetadata.Stamp"/>).
/// </summary>
internal sealed class RateLimiterPolicyRouteValidator(RouteBindings bindings) : IRouteValidator
{
    public ValueTask ValidateAsync(RouteConfig routeConfig, IList<Exception> errors)
    {
        if (bindings.Find(routeConfig) is { RateLimiterPolicy: { } name, RateLimit: null })
        {
            errors.Add(ConfigProblemException.At(
                $"ReverseProxy:Routes:{routeConfig.RouteId}:RateLimiterPolicy",
                $"route '{routeConfig.RouteId}' names rate-limit policy '{name}', which is not defined under {AdmissionReader.RateLimitPoliciesPath}"));
        }

        return ValueTask.CompletedTask;
    }
}
