using WebhookFirewall.Model;
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
        var path = $"ReverseProxy:Routes:{routeConfig.RouteId}:Metadata:{RouteMetadata.WebhookPolicy}";
        var binding = bindings.Find(routeConfig);
        if (binding is null)
        {
            // Not one of the routes the firewall read (its revision is missing or unknown): nothing would verify it.
            errors.Add(ConfigProblemException.At(path, $"route '{routeConfig.RouteId}' was not read with its policies; refusing it"));
        }
        else if (binding.PolicyName is null)
        {
            errors.Add(ConfigProblemException.At(path, $"route '{routeConfig.RouteId}' names no webhook policy; name one defined under WebhookFirewall:Policies, or \"{PolicySet.Anonymous}\" to proxy it unverified"));
        }
        else if (!binding.IsAnonymous && !binding.Policies.DefinedNames.Contains(binding.PolicyName))
        {
            errors.Add(ConfigProblemException.At(path, $"route '{routeConfig.RouteId}' names policy '{binding.PolicyName}', which is not defined under WebhookFirewall:Policies"));
        }

        return ValueTask.CompletedTask;
    }
}
