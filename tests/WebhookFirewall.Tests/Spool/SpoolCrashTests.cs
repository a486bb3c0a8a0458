using static WebhookFirewall.Tests.Spool.SpoolFixture;

namespace WebhookFirewall.Tests.Spool;

/// <summary>
/// Durability, with real processes: the published binary is killed with SIGKILL (no shutdown, nothing flushed) while
/// spooled deliveries wait for a backend that is down; started again — or another replica on the same Redis — it
/// delivers every one of them, each once, once the backend is back.
/// </summary>
public sealed class SpoolCrashTests : IAsyncLifetime
{
    private const int Deliveries = 5;

    private readonly TempDirectory _data = new();
    private readonly int _upstreamPort = RedisServer.FreePort();
    private readonly List<BackgroundFirewall> _firewalls = [];
    private RecordingUpstream? _upstream;
    private RedisServer? _redis;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var firewall in _firewalls)
        {
            await firewall.DisposeAsync();
        }

        if (_upstream is not null)
        {
            await _upstream.DisposeAsync();
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }

        _data.Dispose();
    }

    [SkippableFact]
    public async Task Killed_with_sigkill_while_deliveries_wait_and_started_again_it_delivers_each_once()
    {
        var config = _data.Write("firewall.json", Config(Path.Combine(_data.Path, "spool.db")).ToJson(UpstreamAt(_upstreamPort)));
        var (first, address, management) = await StartAsync(config);
        var bodies = await SpoolAsync(address, Deliveries);

        await first.KillAsync();
        _upstream = await RecordingUpstream.StartAsync(_upstreamPort);
        var (_, _, restartedManagement) = await StartAsync(config);

        await AssertEachDeliveredOnceAsync(bodies, restartedManagement);
    }

    [SkippableFact]
    public async Task Two_replicas_on_one_redis_the_one_that_spooled_is_killed_and_the_other_delivers_each_once()
    {
        _redis = await RedisServer.StartDurableAsync(_data.Path);
        var json = Config("unused-with-redis").ToJson(UpstreamAt(_upstreamPort));
        var config = _data.Write("firewall.json", json);
        string[] redis = ["--WebhookFirewall:Spool:Store", "Redis", "--WebhookFirewall:Idempotency:Store", "Redis", "--ConnectionStrings:Redis", _redis.ConnectionString];
        var (spooling, spoolingAddress, _) = await StartAsync(config, redis);
        var (_, otherAddress, otherManagement) = await StartAsync(config, redis);
        var bodies = await SpoolAsync(spoolingAddress, Deliveries);

        // A provider's retry that lands on the other replica is a duplicate of the 202: the claim is shared.
        using (var client = new HttpClient { BaseAddress = otherAddress })
        using (var retry = await client.SendAsync(GitHub(bodies[0])))
        {
            Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
            Assert.Equal("true", Assert.Single(retry.Headers.GetValues("X-Webhook-Duplicate")));
        }

        using (var managementClient = new HttpClient { BaseAddress = otherManagement })
        {
            var ready = System.Text.Json.Nodes.JsonNode.Parse(await managementClient.GetStringAsync("/readyz"))!;
            Assert.Equal("redis", (string?)ready["spool"]!["name"]);
            Assert.Equal("ok", (string?)ready["spool"]!["state"]);
        }

        await spooling.KillAsync();
        _upstream = await RecordingUpstream.StartAsync(_upstreamPort);

        await AssertEachDeliveredOnceAsync(bodies, otherManagement);
    }

    [SkippableFact]
    public async Task A_replica_killed_while_it_holds_the_lease_of_a_send_is_taken_over_by_another_once_the_lease_runs_out()
    {
        _redis = await RedisServer.StartDurableAsync(_data.Path);
        var config = _data.Write("firewall.json", Config("unused-with-redis").ToJson(UpstreamAt(_upstreamPort)));
        string[] redis = ["--WebhookFirewall:Spool:Store", "Redis", "--WebhookFirewall:Idempotency:Store", "Redis", "--ConnectionStrings:Redis", _redis.ConnectionString];
        var hung = SilentUpstream.Start(_upstreamPort);
        DateTime killedAt;
        List<byte[]> bodies;
        try
        {
            // The backend takes the connection and never answers: the forward times out (ActivityTimeout 2 s) and is
            // spooled; the redelivery that follows hangs the same way, holding its lease, when the replica dies.
            var (first, address, _) = await StartAsync(config, redis);
            bodies = await SpoolAsync(address, 1);
            // Killed the moment the redelivery's connection is taken: its claim, and so its lease, is a few ms old.
            var deadline = DateTime.UtcNow.AddSeconds(15);
            while (hung.Connections < 2 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(5);
            }

            Assert.True(hung.Connections >= 2, "no redelivery was attempted");
            await first.KillAsync();
            killedAt = DateTime.UtcNow;
        }
        finally
        {
            await hung.DisposeAsync();
        }

        _upstream = await RecordingUpstream.StartAsync(_upstreamPort);
        var (_, _, management) = await StartAsync(config, redis);

        var upstream = _upstream;
        Assert.True(await Eventually.HoldsAsync(() => Task.FromResult(upstream.Received.Count > 0), TimeSpan.FromSeconds(40)), "never taken over");
        var takenOverAfter = DateTime.UtcNow - killedAt;
        // Not before the dead replica's lease (Spool:Lease, 20 s from its claim) ran out: two never send one entry at once.
        Assert.True(takenOverAfter >= TimeSpan.FromSeconds(15), $"delivered {takenOverAfter.TotalSeconds:0.0} s after the kill, inside the lease");
        await AssertEachDeliveredOnceAsync(bodies, management);
    }

    private async Task<List<byte[]>> SpoolAsync(Uri address, int count)
    {
        using var client = new HttpClient { BaseAddress = address };
        var bodies = new List<byte[]>();
        for (var i = 0; i < count; i++)
        {
            var body = FirewallTestBase.UniqueBody();
            using var response = await client.SendAsync(GitHub(body));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            bodies.Add(body);
        }

        return bodies;
    }

    private async Task AssertEachDeliveredOnceAsync(List<byte[]> bodies, Uri management)
    {
        var upstream = _upstream!;
        // Within the lease of an attempt the killed instance may have had in flight, plus the backoff.
        Assert.True(await Eventually.HoldsAsync(() => Task.FromResult(upstream.Received.Count >= bodies.Count), TimeSpan.FromSeconds(40)),
            $"{upstream.Received.Count} of {bodies.Count} delivered");
        await Task.Delay(1500);
        Assert.Equal(bodies.Count, upstream.Received.Count);
        foreach (var body in bodies)
        {
            Assert.Single(upstream.Received, r => r.Body.AsSpan().SequenceEqual(body));
        }

        using var client = new HttpClient { BaseAddress = management };
        Assert.True(await Eventually.HoldsAsync(async () => (await EntriesAsync(client)) is { Count: > 0 } entries && entries.All(e => (string?)e!["state"] == "delivered")));
    }

    private async Task<(BackgroundFirewall Firewall, Uri Address, Uri Management)> StartAsync(string config, params string[] extra)
    {
        var port = RedisServer.FreePort();
        var managementPort = RedisServer.FreePort();
        var address = new Uri($"http://127.0.0.1:{port}");
        var management = new Uri($"http://127.0.0.1:{managementPort}");
        var firewall = FirewallProcess.Start(["--config", config, "--urls", address.ToString(), "--WebhookFirewall:ManagementUrl", management.ToString(), .. extra]);
        _firewalls.Add(firewall);
        await firewall.WaitUntilServingAsync(management, address);
        return (firewall, address, management);
    }
}
