using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Configuration.RouteValidators;

namespace WebhookFirewall.Configuration.RouteValidators;

/// <summary>A route's `Metadata.MaxConcurrentRequests`, when present, is a positive whole number.</summary>
internal sealed class MaxConcurrentRequestsRouteValidator(RouteBindings bindings) : IRouteValidator
{
    public ValueTask ValidateAsync(RouteConfig routeConfig, IList<Exception> errors)
    {
        if (bindings.Find(routeConfig) is { MaxConcurrentRequestsText: { } text, MaxConcurrentRequests: null })
        {
            errors.Add(ConfigProblemException.At(
                $"ReverseProxy:Routes:{routeConfig.RouteId}:Metadata:{RouteMetadata.MaxConcurrentRequests}",
                $"'{text}' is not a positive whole number"));
        }

        return ValueTask.CompletedTask;
    }
}
