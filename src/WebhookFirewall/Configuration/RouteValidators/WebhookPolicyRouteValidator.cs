using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Configuration.RouteValidators;

namespace WebhookFirewall.Configuration.RouteValidators;

/// <summary>
/// Runs inside YARP's own validation, like its built-in route validators: every route must name a defined policy in
/// `Metadata.WebhookPolicy`, or `Anonymous` to be proxied without verification.
/// </summary>
internal sealed class WebhookPolicyRouteValidator(RouteBindings bindings) : IRouteValidator
{
    public ValueTask ValidateAsync(RouteConfig routeConfig, IList<Exception> errors)
    {
        var path = $"ReverseProxy:Routes:{routeConfig.RouteId}:Metadata:{RouteBindings.MetadataKey}";
        var binding = bindings.Find(routeConfig);
        if (binding is null)
        {
            errors.Add(new ConfigProblemException(new ConfigProblem(path, $"route '{routeConfig.RouteId}' was not read with its policies; refusing it")));
            return ValueTask.CompletedTask;
        }

        if (binding.PolicyName is null)
        {
            errors.Add(new ConfigProblemException(new ConfigProblem(path, $"route '{routeConfig.RouteId}' names no webhook policy; name one defined under WebhookFirewall:Policies, or \"{PolicySet.Anonymous}\" to proxy it unverified")));
        }
        else if (!binding.IsAnonymous && !binding.Policies.DefinedNames.Contains(binding.PolicyName))
        {
            errors.Add(new ConfigProblemException(new ConfigProblem(path, $"route '{routeConfig.RouteId}' names policy '{binding.PolicyName}', which is not defined under WebhookFirewall:Policies")));
        }

        if (binding.RateLimiterPolicy is not null && binding.RateLimit is null)
        {
            errors.Add(new ConfigProblemException(new ConfigProblem(
                $"ReverseProxy:Routes:{routeConfig.RouteId}:RateLimiterPolicy",
                $"route '{routeConfig.RouteId}' names rate-limit policy '{binding.RateLimiterPolicy}', which is not defined under WebhookFirewall:RateLimiting:Policies")));
        }

        if (binding.MaxConcurrentRequestsText is not null && binding.MaxConcurrentRequests is null)
        {
            errors.Add(new ConfigProblemException(new ConfigProblem(
                $"ReverseProxy:Routes:{routeConfig.RouteId}:Metadata:{RouteBinding.MaxConcurrentRequestsKey}",
                $"'{binding.MaxConcurrentRequestsText}' is not a positive whole number")));
        }

        return ValueTask.CompletedTask;
    }
}
