namespace WebhookFirewall.Tests.Ledger;

/// <summary>The Redis ledger: one stream shared by every replica; an outage never blocks or fails a request, it drops and counts.</summary>
public sealed class RedisLedgerTests : IAsyncLifetime
{
    private RedisServer _redis = null!;
    private RecordingUpstream _upstream = null!;
    private RunningFirewall _first = null!;
    private RunningFirewall _second = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        try
        {
            _upstream = await RecordingUpstream.StartAsync();
            _first = await RunningFirewall.StartAsync(Config("fw-1"));
            _second = await RunningFirewall.StartAsync(Config("fw-2"));
        }
        catch
        {
            await _redis.DisposeAsync();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        if (_second is not null)
        {
            await _second.DisposeAsync();
            await _first.DisposeAsync();
            await _upstream.DisposeAsync();
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }

    [SkippableFact]
    public async Task Every_replica_reads_and_follows_every_replicas_entries()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var stream = await _second.ManagementClient.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/deliveries/stream"), HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync(cancel.Token));
        await reader.ReadLineAsync(cancel.Token);
        await Task.Delay(1200, cancel.Token); // the poller takes its starting point

        var id = Guid.NewGuid().ToString();
        (await _first.Client.SendAsync(FirewallTestBase.GitHubDeliveryFor("{\"r\":1}"u8.ToArray(), id))).Dispose();

        var onSecond = await LedgerApi.WaitForAsync(_second.ManagementClient, id);
        Assert.Equal("fw-1", onSecond.Text("instance"));
        Assert.Equal("forwarded", onSecond.Text("outcome"));
        using var byId = await _second.ManagementClient.GetAsync("/api/deliveries/" + onSecond.Text("id"));
        Assert.Equal(HttpStatusCode.OK, byId.StatusCode);

        string? data = null;
        while (data is null && await reader.ReadLineAsync(cancel.Token) is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal) && line.Contains(id, StringComparison.Ordinal))
            {
                data = line;
            }
        }

        Assert.NotNull(data);
    }

    [SkippableFact]
    public async Task While_redis_is_down_requests_still_succeed_and_dropped_entries_are_counted()
    {
        await _redis.StopAsync();

        var started = DateTime.UtcNow;
        for (var i = 0; i < 5; i++)
        {
            using var response = await _first.Client.SendAsync(FirewallTestBase.GitHubDeliveryFor(Encoding.UTF8.GetBytes($"{{\"n\":{i}}}"), Guid.NewGuid().ToString()));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(5), "requests waited for Redis");
        Assert.True(await Eventually.HoldsAsync(async () =>
        {
            var metrics = await _first.ManagementClient.GetStringAsync("/metrics");
            return (PrometheusText.Value(metrics, "webhook_ledger_dropped_total", ("reason", "store_failed")) ?? 0) >= 5;
        }, TimeSpan.FromSeconds(30)));
    }

    private string Config(string instance) => new FirewallConfig()
        .Route("github", "/webhooks/github", "github")
        .Policy("github", new { Provider = "github", Secrets = new[] { FirewallTestBase.GitHubSecret } })
        .Setting("Ledger", new { Store = "Redis" })
        .Setting("InstanceName", instance)
        .TopLevel("ConnectionStrings", new { Redis = _redis.ConnectionString })
        .ToJson(_upstream.Address);
}
