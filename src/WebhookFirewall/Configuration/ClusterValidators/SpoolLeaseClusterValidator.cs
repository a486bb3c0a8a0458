using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Configuration.ClusterValidators;

namespace WebhookFirewall.Configuration.ClusterValidators;

/// <summary>
/// `Spool:Lease` must outlast one whole redelivery to every cluster a spooling route forwards to (connect plus
/// activity timeout): a lease that ends while its send is still running lets another instance send the entry too.
/// </summary>
internal sealed class SpoolLeaseClusterValidator(RouteBindings bindings, StartupSettings startup) : IClusterValidator
{
    public ValueTask ValidateAsync(ClusterConfig clusterConfig, IList<Exception> errors)
    {
        var exchange = ClusterTimeouts.Exchange(clusterConfig);
        var lease = startup.Spool.Lease;
        if (lease > exchange || bindings.UnderValidation is not { } snapshot)
        {
            return ValueTask.CompletedTask;
        }

        var spooling = snapshot.Routes.FirstOrDefault(r =>
            r.Policy is { Delivery.Spools: true } && string.Equals(r.ClusterId, clusterConfig.ClusterId, StringComparison.OrdinalIgnoreCase));
        if (spooling is not null)
        {
            errors.Add(ConfigProblemException.At(
                $"{StartupSettings.SpoolSectionPath}:Lease",
                $"the spool lease ({lease}) must be longer than one redelivery to cluster '{clusterConfig.ClusterId}' (connect {ClusterTimeouts.ConnectTimeout} + ActivityTimeout {ClusterTimeouts.Activity(clusterConfig)}) used by spooling route '{spooling.RouteId}', or two instances could send one entry at once"));
        }

        return ValueTask.CompletedTask;
    }
}
