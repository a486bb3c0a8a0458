namespace WebhookFirewall.Tests.Spool;

/// <summary>The shared store: a redis-server with `appendonly yes` and `appendfsync always`.</summary>
public sealed class RedisSpoolDeliveryTests : SpoolDeliveryTests
{
    private RedisServer? _redis;

    protected override string StoreName => "redis";

    protected override string StoreFiles => Data.Path;

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }

    protected override async Task<string[]> StartStoreAsync()
    {
        _redis = await RedisServer.StartDurableAsync(Data.Path);
        return ["--WebhookFirewall:Spool:Store", "Redis", "--ConnectionStrings:Redis", _redis.ConnectionString];
    }
}
