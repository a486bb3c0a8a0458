using WebhookFirewall.Management;
using WebhookFirewall.Model;
using WebhookFirewall.Pipeline;

namespace WebhookFirewall.Spool;

internal static class SpoolServices
{
    /// <summary>
    /// The spool: its store (opened only when some policy spools), what the forwarding stages hand failed forwards
    /// to, the redelivery worker every instance runs, the ledger's lookup and the metrics.
    /// </summary>
    public static IServiceCollection AddSpool(this IServiceCollection services, SpoolOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton<SpoolStores>();
        services.AddSingleton<SpoolSignal>();
        services.AddSingleton<SpoolChanges>();
        services.AddSingleton<SpoolMetrics>();
        services.AddSingleton<IDeliverySpool, DeliverySpooler>();
        // Registered after the ledger's stand-in (which answers "nothing spooled"): the last registration is the one used.
        services.AddSingleton<Ledger.ISpoolStateLookup, SpoolStateLookup>();
        services.AddSingleton<RedeliverySender>();
        services.AddHostedService<SpoolRedeliveryWorker>();
        return services;
    }
}
