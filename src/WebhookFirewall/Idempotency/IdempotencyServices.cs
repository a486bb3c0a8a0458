namespace WebhookFirewall.Idempotency;

internal static class IdempotencyServices
{
    public static IServiceCollection AddIdempotency(this IServiceCollection services, IdempotencyOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton<IIdempotencyStore>(sp => options.Store switch
        {
            IdempotencyStoreKind.Redis => RedisIdempotencyStore.Connect(options.RedisConnectionString!, options.KeyPrefix),
            _ => new MemoryIdempotencyStore(sp.GetRequiredService<TimeProvider>(), options.MaxEntries, TimeSpan.FromSeconds(30)),
        });
        return services;
    }
}
