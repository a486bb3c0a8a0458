using StackExchange.Redis;
using WebhookFirewall.Idempotency;

namespace WebhookFirewall.Tests;

/// <summary>Several replicas share one Redis: one view of deliveries, fail closed while Redis is away, recovery without restarts.</summary>
public sealed class RedisReplicaTests : RedisReplicaPair
{
    private static readonly byte[] Body = "{\"replica\":true}"u8.ToArray();

    [SkippableFact]
    public async Task The_same_delivery_sent_50_times_across_two_replicas_reaches_the_upstream_once()
    {
        Upstream.Delay = TimeSpan.FromMilliseconds(200);
        var id = Guid.NewGuid().ToString();

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
            (i % 2 == 0 ? First : Second).Client.SendAsync(FirewallTestBase.GitHubDeliveryFor(Body, id))));

        Assert.Single(Upstream.Received);
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK && !r.Headers.Contains("X-Webhook-Duplicate"));
        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict));
    }

    [SkippableFact]
    public async Task A_delivery_completed_on_one_replica_is_a_duplicate_on_the_other()
    {
        var id = Guid.NewGuid().ToString();

        using var first = await First.Client.SendAsync(FirewallTestBase.GitHubDeliveryFor(Body, id));
        using var second = await Second.Client.SendAsync(FirewallTestBase.GitHubDeliveryFor(Body, id));

        Assert.Equal("true", second.Headers.GetValues("X-Webhook-Duplicate").Single());
        Assert.Single(Upstream.Received);
    }

    [SkippableFact]
    public async Task Keys_carry_the_configured_prefix_and_the_completed_status()
    {
        var id = Guid.NewGuid().ToString();
        using var response = await First.Client.SendAsync(FirewallTestBase.GitHubDeliveryFor(Body, id));

        await using var redis = await ConnectionMultiplexer.ConnectAsync(Redis.ConnectionString);
        var key = IdempotencyKey.For("github", new DeliveryKey(WebhookFirewall.Verification.IdempotencyKeyKind.Content, ContentKey.Compute(System.Security.Cryptography.SHA256.HashData(Body), null, "push")));
        var value = await redis.GetDatabase().StringGetAsync("replicas:" + key);

        Assert.Equal("done:200", value.ToString());
    }

    [SkippableFact]
    public async Task Redis_down_means_503_store_unavailable_and_recovery_needs_no_restart()
    {
        await Redis.StopAsync();

        using var whileDown = await First.Client.SendAsync(FirewallTestBase.GitHubDeliveryFor(Body, Guid.NewGuid().ToString()));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, whileDown.StatusCode);
        Assert.Equal("10", whileDown.Headers.GetValues("Retry-After").Single());
        Assert.Empty(Upstream.Received);
        // Still ready (Anonymous routes keep working), but the store is reported degraded and the errors counted.
        using var ready = await First.ManagementClient.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Contains("\"degraded\"", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var metrics = await First.ManagementClient.GetStringAsync("/metrics");
        Assert.True(PrometheusText.Value(metrics, "webhook_idempotency_store_errors_total", ("store", "redis")) >= 1);
        Assert.Equal(1, PrometheusText.Value(metrics, "webhook_requests_total", ("route", "github"), ("policy", "github"), ("provider", "github"), ("outcome", "store_unavailable")));
        using var anonymous = await First.Client.PostAsync("/open/while-redis-is-down", new StringContent("x"));
        Assert.Equal(HttpStatusCode.OK, anonymous.StatusCode);

        await Redis.StartAgainAsync();
        var id = Guid.NewGuid().ToString();
        Assert.True(await Eventually.HoldsAsync(async () =>
        {
            using var response = await First.Client.SendAsync(FirewallTestBase.GitHubDeliveryFor(Body, id));
            return response.StatusCode == HttpStatusCode.OK;
        }));
        Assert.Single(Upstream.Received, r => r.PathAndQuery == "/webhooks/github");
    }

    [SkippableFact]
    public async Task A_firewall_started_while_redis_is_down_serves_once_it_is_back()
    {
        await Redis.StopAsync();
        await using var late = await RunningFirewall.StartAsync(Config("late"));
        using var whileDown = await late.Client.SendAsync(FirewallTestBase.GitHubDeliveryFor(Body, Guid.NewGuid().ToString()));

        await Redis.StartAgainAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, whileDown.StatusCode);
        Assert.True(await Eventually.HoldsAsync(async () =>
        {
            using var response = await late.Client.SendAsync(FirewallTestBase.GitHubDeliveryFor(Body, Guid.NewGuid().ToString()));
            return response.StatusCode == HttpStatusCode.OK;
        }));
    }

    [SkippableFact]
    public async Task One_instance_can_never_settle_or_release_another_instances_claim()
    {
        await using var owner = RedisIdempotencyStore.Connect(Redis.ConnectionString, "owner-test:");
        await using var other = RedisIdempotencyStore.Connect(Redis.ConnectionString, "owner-test:");
        var claimed = await owner.TryClaimAsync("github:d1", TimeSpan.FromMinutes(1), CancellationToken.None);
        var rival = await other.TryClaimAsync("github:d1", TimeSpan.FromMinutes(1), CancellationToken.None);

        Assert.False(await other.SettleAsync(new Claim("github:d1", "inflight:forged"), 200, TimeSpan.FromMinutes(1), CancellationToken.None));
        Assert.False(await other.ReleaseAsync(new Claim("github:d1", "inflight:forged"), CancellationToken.None));
        var stillInFlight = await other.TryClaimAsync("github:d1", TimeSpan.FromMinutes(1), CancellationToken.None);
        Assert.True(await owner.SettleAsync(claimed.Claim!, 201, TimeSpan.FromMinutes(1), CancellationToken.None));
        var completed = await other.TryClaimAsync("github:d1", TimeSpan.FromMinutes(1), CancellationToken.None);

        Assert.Equal(ClaimOutcome.Claimed, claimed.Outcome);
        Assert.Equal(ClaimOutcome.InProgress, rival.Outcome);
        Assert.Equal(ClaimOutcome.InProgress, stillInFlight.Outcome);
        Assert.Equal(ClaimOutcome.Completed, completed.Outcome);
        Assert.Equal(201, completed.FirstStatus);
    }

    [SkippableFact]
    public async Task Claims_survive_a_flushed_script_cache()
    {
        await using var store = RedisIdempotencyStore.Connect(Redis.ConnectionString, "flush-test:");
        await store.TryClaimAsync("warm", TimeSpan.FromMinutes(1), CancellationToken.None);
        await using (var admin = await ConnectionMultiplexer.ConnectAsync(Redis.ConnectionString + ",allowAdmin=true"))
        {
            await admin.GetServers()[0].ScriptFlushAsync();
        }

        var result = await store.TryClaimAsync("after-flush", TimeSpan.FromMinutes(1), CancellationToken.None);

        Assert.Equal(ClaimOutcome.Claimed, result.Outcome);
    }

    [SkippableFact]
    public async Task A_store_check_gives_up_at_its_callers_deadline()
    {
        await using var store = RedisIdempotencyStore.Connect(Redis.ConnectionString, "deadline-test:");
        Assert.True(await store.IsReachableAsync(CancellationToken.None));
        await using var admin = await ConnectionMultiplexer.ConnectAsync(Redis.ConnectionString);
        // The whole server stalls, as under a slow command (a pause would hold everything but PING).
        var stalled = admin.GetDatabase().ExecuteAsync("DEBUG", "SLEEP", "3");
        await Task.Delay(TimeSpan.FromMilliseconds(100));
        using var deadline = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var reachable = await store.IsReachableAsync(deadline.Token);

        watch.Stop();
        await stalled;
        Assert.False(reachable);
        // Not the store's own command timeout (2 s), nor the pause: the caller's deadline.
        Assert.True(watch.Elapsed < TimeSpan.FromMilliseconds(1500), $"took {watch.Elapsed}");
    }

    [SkippableFact]
    public async Task A_claim_its_caller_gave_up_on_does_not_hold_the_delivery()
    {
        await using var store = RedisIdempotencyStore.Connect(Redis.ConnectionString, "abandoned-test:");
        Assert.True(await store.IsReachableAsync(CancellationToken.None));
        await using var pause = await PauseRedisAsync(TimeSpan.FromMilliseconds(1500));
        using var deadline = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAsync<IdempotencyStoreUnavailableException>(async () => await store.TryClaimAsync("github:abandoned", TimeSpan.FromMinutes(5), deadline.Token));

        // The server still sets the abandoned claim once the pause ends; the store gives it up again.
        Assert.True(await Eventually.HoldsAsync(async () =>
            (await store.TryClaimAsync("github:abandoned", TimeSpan.FromMinutes(5), CancellationToken.None)).Outcome == ClaimOutcome.Claimed));
    }

    [SkippableFact]
    public async Task A_claim_whose_write_timed_out_is_given_up_so_the_retry_is_not_refused()
    {
        // The store's own command timeout, short: the SET NX is sent, Redis is paused, the answer never comes in time.
        await using var store = RedisIdempotencyStore.Connect(Redis.ConnectionString + ",asyncTimeout=300", "timeout-test:");
        Assert.True(await store.IsReachableAsync(CancellationToken.None));
        await using var pause = await PauseRedisAsync(TimeSpan.FromMilliseconds(1500));

        await Assert.ThrowsAsync<IdempotencyStoreUnavailableException>(async () => await store.TryClaimAsync("github:timed-out", TimeSpan.FromMinutes(5), CancellationToken.None));

        // Once the pause ends the server runs the SET, then the give-up sent after it: nothing holds the delivery.
        await Task.Delay(TimeSpan.FromMilliseconds(1700));
        var retry = await store.TryClaimAsync("github:timed-out", TimeSpan.FromMinutes(5), CancellationToken.None);
        Assert.Equal(ClaimOutcome.Claimed, retry.Outcome);
    }

    [SkippableFact]
    public async Task A_caller_that_has_already_given_up_sends_nothing()
    {
        await using var store = RedisIdempotencyStore.Connect(Redis.ConnectionString, "cancelled-test:");

        await Assert.ThrowsAsync<IdempotencyStoreUnavailableException>(async () => await store.TryClaimAsync("github:never", TimeSpan.FromMinutes(5), new CancellationToken(canceled: true)));
        var claimed = await store.TryClaimAsync("github:never", TimeSpan.FromMinutes(5), CancellationToken.None);

        Assert.Equal(ClaimOutcome.Claimed, claimed.Outcome);
    }

    /// <summary>
    /// Redis holds every client's commands (PING excepted) for a while; they run when the pause ends. The pausing
    /// connection must stay open until then: closing it ends the pause.
    /// </summary>
    private async Task<ConnectionMultiplexer> PauseRedisAsync(TimeSpan duration)
    {
        var admin = await ConnectionMultiplexer.ConnectAsync(Redis.ConnectionString);
        await admin.GetDatabase().ExecuteAsync("CLIENT", "PAUSE", ((long)duration.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture));
        return admin;
    }

    protected override string Config(string instance) => FirewallTestBase.StandardConfig()
        .Setting("Idempotency", new { Store = "Redis", KeyPrefix = "replicas:" })
        .TopLevel("ConnectionStrings", new { Redis = Redis.ConnectionString })
        .ToJson(Upstream.Address);
}
