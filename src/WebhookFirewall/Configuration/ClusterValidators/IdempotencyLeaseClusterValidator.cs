using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Configuration.ClusterValidators;

namespace WebhookFirewall.Configuration.ClusterValidators;

/// <summary>
/// The claim lease must outlast the `ActivityTimeout` of every cluster an idempotent route forwards to: a claim that
/// expires while its upstream is still answering lets the provider's retry through, and the delivery is forwarded twice.
/// </summary>
internal sealed class IdempotencyLeaseClusterValidator(RouteBindings bindings, StartupSettings startup) : IClusterValidator
{
    public ValueTask ValidateAsync(ClusterConfig clusterConfig, IList<Exception> errors)
    {
        var lease = startup.Idempotency.Lease;
        var activityTimeout = ClusterTimeouts.Activity(clusterConfig);
        if (activityTimeout < lease || bindings.UnderValidation is not { } snapshot)
        {
            return ValueTask.CompletedTask;
        }

        foreach (var route in snapshot.Routes)
        {
            if (route.Policy is { Idempotency.Enabled: true } && string.Equals(route.ClusterId, clusterConfig.ClusterId, StringComparison.OrdinalIgnoreCase))
            {
                errors.Add(ConfigProblemException.At(
                    $"{StartupSettings.IdempotencySectionPath}:Lease",
                    $"the claim lease ({lease}) must outlast cluster '{clusterConfig.ClusterId}' ActivityTimeout ({activityTimeout}) used by route '{route.RouteId}', or a slow delivery could be forwarded twice"));
            }
        }

        return ValueTask.CompletedTask;
    }
}
