using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using WebhookFirewall.Idempotency;

namespace WebhookFirewall.Tests;

/// <summary>
/// The idempotency contract, run against every store: exactly once when the upstream succeeds, again when it did
/// not; duplicates answer the first status; concurrent copies get 409.
/// </summary>
public abstract class IdempotencyTestsBase : FirewallTestBase
{
    private static readonly byte[] Body = "{\"action\":\"created\"}"u8.ToArray();

    protected abstract FirewallConfig UseStore(FirewallConfig config);

    /// <summary>Lets <paramref name="time"/> pass for the store's records and leases.</summary>
    protected abstract Task PassAsync(TimeSpan time);

    /// <summary>Services of the firewalls that <see cref="PassAsync"/> moves time for.</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    protected override FirewallConfig Configure(FirewallConfig config) => UseStore(config);

    [SkippableFact]
    public async Task A_repeat_of_a_delivered_delivery_answers_its_first_status_without_reaching_the_upstream()
    {
        Upstream.Respond = _ => (202, "accepted");
        var id = Guid.NewGuid().ToString();

        using var first = await Client.SendAsync(GitHubDelivery(Body, deliveryId: id));
        using var repeat = await Client.SendAsync(GitHubDelivery(Body, deliveryId: id));

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.False(first.Headers.Contains("X-Webhook-Duplicate"));
        Assert.Equal(HttpStatusCode.Accepted, repeat.StatusCode);
        Assert.Equal("true", repeat.Headers.GetValues("X-Webhook-Duplicate").Single());
        Assert.Empty(await repeat.Content.ReadAsByteArrayAsync());
        Assert.Single(Upstream.Received);
    }

    [SkippableFact]
    public async Task Fifty_concurrent_copies_reach_the_upstream_exactly_once()
    {
        Upstream.Delay = TimeSpan.FromMilliseconds(300);
        var id = Guid.NewGuid().ToString();

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Client.SendAsync(GitHubDelivery(Body, deliveryId: id))));

        Assert.Single(Upstream.Received);
        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, r.StatusCode.ToString()));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK && !r.Headers.Contains("X-Webhook-Duplicate"));
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [SkippableFact]
    public async Task A_delivery_in_flight_gets_409_with_retry_after()
    {
        Upstream.Delay = TimeSpan.FromSeconds(2);
        var id = Guid.NewGuid().ToString();

        var first = Client.SendAsync(GitHubDelivery(Body, deliveryId: id));
        Assert.True(await Eventually.HoldsAsync(() => Task.FromResult(Upstream.Received.Count == 1)));
        using var second = await Client.SendAsync(GitHubDelivery(Body, deliveryId: id));

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal("delivery_in_progress", await ProblemCodeAsync(second));
        Assert.Equal("5", second.Headers.GetValues("Retry-After").Single());
        using var firstResponse = await first;
        Assert.Equal(HttpStatusCode.OK, firstResponse.StatusCode);
    }

    [SkippableFact]
    public async Task An_upstream_error_releases_the_claim_so_the_retry_is_delivered()
    {
        var calls = 0;
        Upstream.Respond = _ => Interlocked.Increment(ref calls) == 1 ? (500, "boom") : (200, "ok");
        var id = Guid.NewGuid().ToString();

        using var failed = await Client.SendAsync(GitHubDelivery(Body, deliveryId: id));
        using var retried = await Client.SendAsync(GitHubDelivery(Body, deliveryId: id));
        using var repeat = await Client.SendAsync(GitHubDelivery(Body, deliveryId: id));

        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.False(retried.Headers.Contains("X-Webhook-Duplicate"));
        Assert.True(repeat.Headers.Contains("X-Webhook-Duplicate"));
        Assert.Equal(2, Upstream.Received.Count);
    }

    [SkippableFact]
    public async Task An_upstream_refusing_connections_then_back_gets_the_retry()
    {
        var port = RedisServer.FreePort();
        await using var firewall = await RunningFirewall.StartAsync(Configure(StandardConfig()).ToJson(new Uri($"http://127.0.0.1:{port}/")));
        var id = Guid.NewGuid().ToString();

        using var refused = await firewall.Client.SendAsync(GitHubDelivery(Body, deliveryId: id));
        await using var upstream = await RecordingUpstream.StartAsync(port);
        using var retried = await firewall.Client.SendAsync(GitHubDelivery(Body, deliveryId: id));

        Assert.Equal(HttpStatusCode.BadGateway, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(Body, Assert.Single(upstream.Received).Body);
    }

    [SkippableFact]
    public async Task Completed_records_expire_after_their_ttl()
    {
        var config = Configure(StandardConfig()).Policy("github", new { Provider = "github", Secrets = new[] { GitHubSecret }, Idempotency = new { Ttl = "00:00:01" } });
        await using var firewall = await RunningFirewall.StartAsync(config.ToJson(Upstream.Address), ConfigureServices);
        var id = Guid.NewGuid().ToString();

        using var first = await firewall.Client.SendAsync(GitHubDelivery(Body, deliveryId: id));
        using var duplicate = await firewall.Client.SendAsync(GitHubDelivery(Body, deliveryId: id));
        await PassAsync(TimeSpan.FromMilliseconds(1500));
        using var afterTtl = await firewall.Client.SendAsync(GitHubDelivery(Body, deliveryId: id));

        Assert.True(duplicate.Headers.Contains("X-Webhook-Duplicate"));
        Assert.False(afterTtl.Headers.Contains("X-Webhook-Duplicate"));
        Assert.Equal(2, Upstream.Received.Count);
    }

    [SkippableFact]
    public async Task An_abandoned_claim_expires_with_its_lease()
    {
        var config = Configure(StandardConfig())
            .Setting("Idempotency", IdempotencySettings(lease: "00:00:02"))
            .Cluster("HttpRequest", new { ActivityTimeout = "00:00:01" });
        await using var firewall = await RunningFirewall.StartAsync(config.ToJson(Upstream.Address), ConfigureServices);
        var id = Guid.NewGuid().ToString();
        // A crashed instance: it claimed the delivery and will never settle it.
        var store = firewall.Services.GetRequiredService<IIdempotencyStore>();
        await store.TryClaimAsync(IdempotencyKey.For("github", id), TimeSpan.FromSeconds(2), CancellationToken.None);

        using var whileClaimed = await firewall.Client.SendAsync(GitHubDelivery(Body, deliveryId: id));
        await PassAsync(TimeSpan.FromMilliseconds(2500));
        using var afterLease = await firewall.Client.SendAsync(GitHubDelivery(Body, deliveryId: id));

        Assert.Equal(HttpStatusCode.Conflict, whileClaimed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, afterLease.StatusCode);
        Assert.Single(Upstream.Received);
    }

    [SkippableFact]
    public async Task A_lease_shorter_than_the_cluster_activity_timeout_is_refused()
    {
        var config = Configure(StandardConfig()).Setting("Idempotency", IdempotencySettings(lease: "00:00:30"));
        using var directory = new TempDirectory();

        var build = WebhookFirewall.Hosting.FirewallApplication.Build(["--config", directory.Write("f.json", config.ToJson(Upstream.Address)), "--urls", "http://127.0.0.1:0"]);

        Assert.Contains(build.Problems, p => p.Path == "WebhookFirewall:Idempotency:Lease" && p.Message.Contains("ActivityTimeout", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task A_stripe_retry_resigned_with_a_new_timestamp_is_recognised_by_its_event_id()
    {
        var body = Encoding.UTF8.GetBytes($"{{\"id\":\"evt_{Guid.NewGuid():N}\",\"object\":\"event\"}}");

        using var first = await Client.SendAsync(Stripe(body, Sign.Now() - 120));
        using var retry = await Client.SendAsync(Stripe(body, Sign.Now()));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.True(retry.Headers.Contains("X-Webhook-Duplicate"));
        Assert.Single(Upstream.Received);
    }

    [SkippableFact]
    public async Task Report_mode_failures_are_forwarded_without_a_claim()
    {
        var id = Guid.NewGuid().ToString();

        using var first = await Client.SendAsync(GitHubDelivery(Body, secret: "wrong", path: "/webhooks/report", deliveryId: id));
        using var second = await Client.SendAsync(GitHubDelivery(Body, secret: "wrong", path: "/webhooks/report", deliveryId: id));
        using var verified = await Client.SendAsync(GitHubDelivery(Body, path: "/webhooks/report", deliveryId: id));

        Assert.Equal(3, Upstream.Received.Count);
        Assert.False(verified.Headers.Contains("X-Webhook-Duplicate"));
    }

    [SkippableFact]
    public async Task A_delivery_without_an_id_is_forwarded_every_time()
    {
        HttpRequestMessage WithoutId()
        {
            var request = GitHubDelivery(Body);
            request.Headers.Remove("X-GitHub-Delivery");
            return request;
        }

        using var first = await Client.SendAsync(WithoutId());
        using var second = await Client.SendAsync(WithoutId());

        Assert.Equal(2, Upstream.Received.Count);
    }

    protected virtual object IdempotencySettings(string lease) => new { Store = "Memory", Lease = lease };

    private static HttpRequestMessage Stripe(byte[] body, long timestamp)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/stripe") { Content = new ByteArrayContent(body) };
        request.Headers.Add("Stripe-Signature", Sign.Stripe(StripeSecret, timestamp, body));
        return request;
    }
}

public sealed class MemoryIdempotencyTests : IdempotencyTestsBase
{
    /// <summary>The memory store keeps time by the firewall's clock: the tests move it instead of waiting.</summary>
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);

    protected override FirewallConfig UseStore(FirewallConfig config) => config.Setting("Idempotency", new { Store = "Memory" });

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(_clock);

    protected override Task PassAsync(TimeSpan time)
    {
        _clock.Advance(time);
        return Task.CompletedTask;
    }
}

public sealed class RedisIdempotencyTests : IdempotencyTestsBase
{
    private RedisServer? _redis;

    public override async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        try
        {
            await base.InitializeAsync();
        }
        catch
        {
            // xunit does not dispose a fixture whose initialisation failed: stop the server here.
            await _redis.DisposeAsync();
            throw;
        }
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }

    /// <summary>Redis keeps its own time: the tests wait.</summary>
    protected override Task PassAsync(TimeSpan time) => Task.Delay(time);

    protected override FirewallConfig UseStore(FirewallConfig config) => config
        .Setting("Idempotency", new { Store = "Redis", KeyPrefix = "test:" })
        .TopLevel("ConnectionStrings", new { Redis = _redis!.ConnectionString });

    protected override object IdempotencySettings(string lease) => new { Store = "Redis", KeyPrefix = "test:", Lease = lease };
}
