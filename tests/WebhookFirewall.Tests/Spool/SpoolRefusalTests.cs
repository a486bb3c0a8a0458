using System.Text.Json.Nodes;
using static WebhookFirewall.Tests.Spool.SpoolFixture;

namespace WebhookFirewall.Tests.Spool;

/// <summary>
/// Nothing is acknowledged that was not stored: a spool that is full, or a store that is down, leaves the answer as
/// it is without a spool (YARP's 502 here) and releases the claim, so the provider's retry is forwarded later.
/// </summary>
public sealed class SpoolRefusalTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private readonly int _port = RedisServer.FreePort();
    private readonly List<IAsyncDisposable> _running = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var running in Enumerable.Reverse(_running))
        {
            await running.DisposeAsync();
        }

        _data.Dispose();
    }

    [SkippableFact]
    public async Task A_full_spool_answers_as_without_one_and_releases_the_claim()
    {
        var firewall = await StartAsync(Config(Path.Combine(_data.Path, "spool.db"), maxBytes: 64).ToJson(UpstreamAt(_port)));
        var body = FirewallTestBase.UniqueBody();

        using var refused = await firewall.Client.SendAsync(GitHub(body));

        Assert.Equal(HttpStatusCode.BadGateway, refused.StatusCode);
        Assert.False(refused.Headers.Contains("X-Webhook-Spooled"));
        Assert.Empty(await EntriesAsync(firewall.ManagementClient));
        await AssertRetryIsForwardedAsync(firewall, body);
    }

    [SkippableFact]
    public async Task A_spool_store_that_is_down_answers_as_without_one_and_releases_the_claim()
    {
        var redis = await RedisServer.StartDurableAsync(_data.Path);
        _running.Add(redis);
        var firewall = await StartAsync(
            Config("unused").ToJson(UpstreamAt(_port)),
            "--WebhookFirewall:Spool:Store", "Redis", "--ConnectionStrings:Redis", redis.ConnectionString);
        await redis.StopAsync();
        var body = FirewallTestBase.UniqueBody();

        using var refused = await firewall.Client.SendAsync(GitHub(body));

        Assert.Equal(HttpStatusCode.BadGateway, refused.StatusCode);
        Assert.False(refused.Headers.Contains("X-Webhook-Spooled"));
        var ready = JsonNode.Parse(await firewall.ManagementClient.GetStringAsync("/readyz"))!;
        Assert.Equal("degraded", (string?)ready["spool"]!["state"]);
        var metrics = await firewall.ManagementClient.GetStringAsync("/metrics");
        Assert.True(PrometheusText.Value(metrics, "webhook_spool_store_errors_total", ("store", "redis")) >= 1);
        await AssertRetryIsForwardedAsync(firewall, body);
    }

    [SkippableFact]
    public async Task A_redis_that_does_not_persist_every_write_is_reported_degraded()
    {
        var redis = await RedisServer.StartAsync();
        _running.Add(redis);
        var firewall = await StartAsync(
            Config("unused").ToJson(UpstreamAt(_port)),
            "--WebhookFirewall:Spool:Store", "Redis", "--ConnectionStrings:Redis", redis.ConnectionString);

        var ready = JsonNode.Parse(await firewall.ManagementClient.GetStringAsync("/readyz"))!;

        Assert.Equal("degraded", (string?)ready["spool"]!["state"]);
        Assert.Contains("appendfsync always", (string?)ready["spool"]!["reason"], StringComparison.Ordinal);
        using var ok = await firewall.ManagementClient.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    private async Task AssertRetryIsForwardedAsync(RunningFirewall firewall, byte[] body)
    {
        var upstream = await RecordingUpstream.StartAsync(_port);
        _running.Add(upstream);
        using var retry = await firewall.Client.SendAsync(GitHub(body));
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.False(retry.Headers.Contains("X-Webhook-Duplicate"));
        Assert.Single(upstream.Received);
    }

    private async Task<RunningFirewall> StartAsync(string json, params string[] args)
    {
        var firewall = await RunningFirewall.StartAsync(json, args);
        _running.Add(firewall);
        return firewall;
    }
}
