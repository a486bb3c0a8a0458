namespace WebhookFirewall.Tests.Infrastructure;

/// <summary>
/// A real redis-server, one upstream and two firewall replicas sharing that Redis, made fresh for each test; skipped
/// with a reason where redis-server is not installed.
/// </summary>
public abstract class RedisReplicaPair : IAsyncLifetime
{
    protected RedisServer Redis { get; private set; } = null!;

    protected RecordingUpstream Upstream { get; private set; } = null!;

    protected RunningFirewall First { get; private set; } = null!;

    protected RunningFirewall Second { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Redis = await RedisServer.StartAsync();
        try
        {
            Upstream = await RecordingUpstream.StartAsync();
            First = await RunningFirewall.StartAsync(Config("fw-1"));
            Second = await RunningFirewall.StartAsync(Config("fw-2"));
        }
        catch
        {
            // xunit does not dispose a fixture whose initialisation failed: stop the server here.
            await Redis.DisposeAsync();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        if (Second is not null)
        {
            await Second.DisposeAsync();
            await First.DisposeAsync();
            await Upstream.DisposeAsync();
        }

        if (Redis is not null)
        {
            await Redis.DisposeAsync();
        }
    }

    /// <summary>The config of one replica, named <paramref name="instance"/>, pointed at <see cref="Redis"/> and <see cref="Upstream"/>.</summary>
    protected abstract string Config(string instance);
}
