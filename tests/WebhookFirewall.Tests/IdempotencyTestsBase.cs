using System.Text;
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
        await store.TryClaimAsync(StoredKey("github", Body, "push"), TimeSpan.FromSeconds(2), CancellationToken.None);

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
    public async Task A_replay_without_the_id_header_or_with_another_is_the_same_delivery()
    {
        // GitHub signs neither its delivery id nor a timestamp: the key is the content, which a replayer cannot change.
        HttpRequestMessage WithoutId(byte[] body)
        {
            var request = GitHubDelivery(body);
            request.Headers.Remove("X-GitHub-Delivery");
            return request;
        }

        using var first = await Client.SendAsync(GitHubDelivery(Body, deliveryId: Guid.NewGuid().ToString()));
        using var withoutId = await Client.SendAsync(WithoutId(Body));
        using var withAnotherId = await Client.SendAsync(GitHubDelivery(Body, deliveryId: Guid.NewGuid().ToString()));
        using var another = await Client.SendAsync(WithoutId(UniqueBody()));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("true", withoutId.Headers.GetValues("X-Webhook-Duplicate").Single());
        Assert.Equal("true", withAnotherId.Headers.GetValues("X-Webhook-Duplicate").Single());
        Assert.Equal(HttpStatusCode.OK, another.StatusCode);
        Assert.Equal(2, Upstream.Received.Count);
    }

    /// <summary>The key a GitHub delivery of <paramref name="body"/> is stored under on <paramref name="route"/>.</summary>
    protected static string StoredKey(string route, byte[] body, string eventType) =>
        IdempotencyKey.For(route, new DeliveryKey(WebhookFirewall.Verification.IdempotencyKeyKind.Content, ContentKey.Compute(System.Security.Cryptography.SHA256.HashData(body), null, eventType)));

    [SkippableFact]
    public async Task A_sender_that_hangs_up_after_forwarding_does_not_release_the_claim()
    {
        // A backend slower than the provider's patience: the sender gives up, the upstream still processes it.
        Upstream.Delay = TimeSpan.FromMilliseconds(1500);
        var body = StripeEvent();
        var hungUp = 0;
        for (var attempt = 0; attempt < 5; attempt++)
        {
            using var abandon = new CancellationTokenSource();
            var sending = Client.SendAsync(Stripe(body, Sign.Now()), abandon.Token);
            if (attempt == 0)
            {
                Assert.True(await Eventually.HoldsAsync(() => Task.FromResult(Upstream.Received.Count == 1)));
            }
            else
            {
                await Task.Delay(100);
            }

            abandon.Cancel();
            try
            {
                (await sending).Dispose();
            }
            catch (TaskCanceledException)
            {
                hungUp++;
            }
        }

        // The upstream answers the first exchange although its sender is gone; its 2xx settles the claim.
        Assert.True(await Eventually.HoldsAsync(async () =>
        {
            using var retry = await Client.SendAsync(Stripe(body, Sign.Now()));
            return retry.StatusCode == HttpStatusCode.OK && retry.Headers.Contains("X-Webhook-Duplicate");
        }, TimeSpan.FromSeconds(10)));
        Assert.True(hungUp >= 1);
        Assert.Single(Upstream.Received);
    }

    [SkippableFact]
    public async Task A_delivery_is_settled_when_the_upstream_answers_not_when_a_slow_sender_has_read_the_answer()
    {
        // Eight megabytes the first sender never reads: the firewall cannot finish copying them to it.
        Upstream.Respond = _ => (200, new string('x', 8 * 1024 * 1024));
        var id = Guid.NewGuid().ToString();
        var body = UniqueBody();
        using var slowReader = await Client.SendAsync(GitHubDelivery(body, deliveryId: id), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, slowReader.StatusCode);

        using var retry = await Client.SendAsync(GitHubDelivery(body, deliveryId: id));

        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal("true", retry.Headers.GetValues("X-Webhook-Duplicate").Single());
        Assert.Single(Upstream.Received);
    }

    [SkippableFact]
    public async Task One_event_sent_to_two_routes_of_one_policy_reaches_each_backend_once()
    {
        var config = Configure(StandardConfig())
            .Route("stripe-orders", "/webhooks/stripe-orders", "stripe")
            .Route("stripe-billing", "/webhooks/stripe-billing", "stripe");
        await using var firewall = await RunningFirewall.StartAsync(config.ToJson(Upstream.Address), ConfigureServices);
        var body = StripeEvent();

        foreach (var path in (string[])["/webhooks/stripe-orders", "/webhooks/stripe-billing", "/webhooks/stripe-orders", "/webhooks/stripe-billing"])
        {
            var request = Stripe(body, Sign.Now());
            request.RequestUri = new Uri(path, UriKind.Relative);
            (await firewall.Client.SendAsync(request)).Dispose();
        }

        Assert.Equal(["/webhooks/stripe-orders", "/webhooks/stripe-billing"], Upstream.Received.Select(r => r.PathAndQuery));
    }

    private static byte[] StripeEvent() => Encoding.UTF8.GetBytes($$"""{"id":"evt_{{Guid.NewGuid():N}}","object":"event","type":"invoice.paid"}""");

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
