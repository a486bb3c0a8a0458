using WebhookFirewall.Model;

namespace WebhookFirewall.Idempotency;

internal static class IdempotencyServices
{
    private static readonly TimeSpan MemorySweepInterval = TimeSpan.FromSeconds(30);

    public static IServiceCollection AddIdempotency(this IServiceCollection services, IdempotencyStoreOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton<IIdempotencyStore>(sp => options.Store switch
        {
            IdempotencyStoreKind.Redis => RedisIdempotencyStore.Connect(options.RedisConnectionString!, options.KeyPrefix),
            _ => new MemoryIdempotencyStore(sp.GetRequiredService<TimeProvider>(), options.MaxEntries, MemorySweepInterval),
        });
        return services;
    }
}
