namespace WebhookFirewall.Tests.Ledger;

/// <summary>The Redis ledger: one stream shared by every replica; an outage never blocks or fails a request, it drops and counts.</summary>
public sealed class RedisLedgerTests : RedisReplicaPair
{
    [SkippableFact]
    public async Task Every_replica_reads_and_follows_every_replicas_entries()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var stream = await Second.ManagementClient.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/deliveries/stream"), HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync(cancel.Token));
        await reader.ReadLineAsync(cancel.Token);
        await Task.Delay(1200, cancel.Token); // the poller takes its starting point

        var id = Guid.NewGuid().ToString();
        (await First.Client.SendAsync(FirewallTestBase.GitHubDeliveryFor("{\"r\":1}"u8.ToArray(), id))).Dispose();

        var onSecond = await LedgerApi.WaitForAsync(Second.ManagementClient, id);
        Assert.Equal("fw-1", onSecond.Text("instance"));
        Assert.Equal("forwarded", onSecond.Text("outcome"));
        using var byId = await Second.ManagementClient.GetAsync("/api/deliveries/" + onSecond.Text("id"));
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
        await Redis.StopAsync();

        var started = DateTime.UtcNow;
        for (var i = 0; i < 5; i++)
        {
            using var response = await First.Client.SendAsync(FirewallTestBase.GitHubDeliveryFor(Encoding.UTF8.GetBytes($"{{\"n\":{i}}}"), Guid.NewGuid().ToString()));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(5), "requests waited for Redis");
        Assert.True(await Eventually.HoldsAsync(async () =>
        {
            var metrics = await First.ManagementClient.GetStringAsync("/metrics");
            return (PrometheusText.Value(metrics, "webhook_ledger_dropped_total", ("reason", "store_failed")) ?? 0) >= 5;
        }, TimeSpan.FromSeconds(30)));
    }

    protected override string Config(string instance) => new FirewallConfig()
        .Route("github", "/webhooks/github", "github")
        .Policy("github", new { Provider = "github", Secrets = new[] { FirewallTestBase.GitHubSecret } })
        .Setting("Ledger", new { Store = "Redis" })
        .Setting("InstanceName", instance)
        .TopLevel("ConnectionStrings", new { Redis = Redis.ConnectionString })
        .ToJson(Upstream.Address);
}
