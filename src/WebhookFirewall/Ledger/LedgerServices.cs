using Microsoft.Extensions.DependencyInjection.Extensions;
using WebhookFirewall.Model;
using WebhookFirewall.Pipeline;

namespace WebhookFirewall.Ledger;

internal static class LedgerServices
{
    /// <summary>
    /// The recorder the pipeline writes through and, unless `Ledger:Store` is `None`, the store the management API
    /// reads. With `None` no store is registered: nothing is recorded and the ledger's endpoints are not mapped.
    /// </summary>
    public static IServiceCollection AddLedger(this IServiceCollection services, LedgerStoreOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton<LedgerDrops>();
        services.TryAddSingleton<ISpoolStateLookup, NoSpool>();
        switch (options.Store)
        {
            case LedgerStoreKind.Memory:
                services.AddSingleton<ILedgerStore>(new MemoryLedgerStore(options.MaxEntries));
                break;
            case LedgerStoreKind.Redis:
                services.AddSingleton<ILedgerStore, RedisLedgerStore>();
                break;
        }

        services.AddSingleton(sp => new LedgerRecorder(
            sp.GetService<ILedgerStore>(),
            options,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<LedgerRecorder>>()));
        services.AddSingleton<IDeliveryRecorder>(sp => sp.GetRequiredService<LedgerRecorder>());
        return services;
    }
}
