namespace WebhookFirewall.Tests;

/// <summary>
/// Source allowlists, trusted proxies, rate limits and concurrency caps: all decided before the body is read,
/// cheapest first, and never by trusting a forwarded header from an untrusted peer.
/// </summary>
public sealed class AdmissionTests : IAsyncLifetime
{
    private static readonly byte[] Body = "{\"admission\":true}"u8.ToArray();

    private RecordingUpstream _upstream = null!;

    public async Task InitializeAsync() => _upstream = await RecordingUpstream.StartAsync();

    public async Task DisposeAsync() => await _upstream.DisposeAsync();

    [Fact]
    public async Task A_source_outside_the_allowlist_gets_403_and_reaches_nothing()
    {
        await using var firewall = await StartAsync(new { AllowedSources = new[] { "203.0.113.0/24" } });

        using var response = await firewall.Client.SendAsync(Delivery());

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("source_not_allowed", await Code(response));
        Assert.Empty(_upstream.Received);
        var metrics = await firewall.ManagementClient.GetStringAsync("/metrics");
        Assert.Equal(1, PrometheusText.Value(metrics, "webhook_requests_total", ("route", "gh"), ("policy", "github"), ("provider", "github"), ("outcome", "source_not_allowed")));
    }

    [Fact]
    public async Task A_source_inside_the_allowlist_is_verified_and_forwarded()
    {
        await using var firewall = await StartAsync(new { AllowedSources = new[] { "203.0.113.0/24", "127.0.0.1" } });

        using var response = await firewall.Client.SendAsync(Delivery());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(_upstream.Received);
    }

    [Fact]
    public async Task Named_ranges_are_usable_by_name_shipped_or_defined_in_config()
    {
        await using var shipped = await StartAsync(new { AllowedSources = new[] { "github" } });
        await using var custom = await StartAsync(new { AllowedSources = new[] { "loopback" } }, config => config.Setting("SourceRanges", new { loopback = new { Ranges = new[] { "127.0.0.0/8" } } }));

        using var fromShipped = await shipped.Client.SendAsync(Delivery());
        using var fromCustom = await custom.Client.SendAsync(Delivery());

        Assert.Equal(HttpStatusCode.Forbidden, fromShipped.StatusCode);
        Assert.Equal(HttpStatusCode.OK, fromCustom.StatusCode);
    }

    [Fact]
    public async Task X_Forwarded_For_from_an_untrusted_peer_is_ignored()
    {
        await using var firewall = await StartAsync(new { AllowedSources = new[] { "203.0.113.0/24" } });
        var request = Delivery();
        request.Headers.Add("X-Forwarded-For", "203.0.113.5");

        using var response = await firewall.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData("203.0.113.5", HttpStatusCode.OK)]
    [InlineData("198.51.100.1", HttpStatusCode.Forbidden)]
    [InlineData("203.0.113.5, 127.0.0.1", HttpStatusCode.OK)]
    [InlineData("198.51.100.1, 203.0.113.5", HttpStatusCode.OK)]
    [InlineData("203.0.113.5, 198.51.100.1", HttpStatusCode.Forbidden)]
    [InlineData("not-an-address", HttpStatusCode.Forbidden)]
    public async Task X_Forwarded_For_from_a_trusted_proxy_is_read_rightmost_untrusted_first(string forwardedFor, HttpStatusCode expected)
    {
        await using var firewall = await StartAsync(new { AllowedSources = new[] { "203.0.113.0/24" } }, config => config.Setting("TrustedProxies", new[] { "127.0.0.1/32" }));
        var request = Delivery();
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", forwardedFor);

        using var response = await firewall.Client.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task Over_the_rate_limit_is_429_with_retry_after_and_counted()
    {
        await using var firewall = await StartAsync(new { }, RateLimit(new { Kind = "FixedWindow", PermitLimit = 2, Window = "00:01:00" }));

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 3; i++)
        {
            last?.Dispose();
            last = await firewall.Client.SendAsync(Delivery());
            statuses.Add(last.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal("rate_limited", await Code(last!));
        Assert.True(int.Parse(last!.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
        Assert.Equal(2, _upstream.Received.Count);
        var metrics = await firewall.ManagementClient.GetStringAsync("/metrics");
        Assert.Equal(1, PrometheusText.Value(metrics, "webhook_requests_total", ("route", "gh"), ("policy", "github"), ("provider", "github"), ("outcome", "rate_limited")));
        last.Dispose();
    }

    [Fact]
    public async Task A_queue_limit_of_zero_is_valid_as_in_asp_net_core()
    {
        await using var firewall = await StartAsync(new { }, RateLimit(new { Kind = "FixedWindow", PermitLimit = 1, Window = "00:01:00", QueueLimit = 0 }));

        using var response = await firewall.Client.SendAsync(Delivery());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task The_rate_limit_is_checked_before_the_body_size()
    {
        await using var firewall = await StartAsync(new { MaxBodyBytes = 1024 }, RateLimit(new { Kind = "TokenBucket", TokenLimit = 1, TokensPerPeriod = 1, ReplenishmentPeriod = "00:10:00" }));
        (await firewall.Client.SendAsync(Delivery())).Dispose();

        using var oversized = await firewall.Client.SendAsync(Delivery(new byte[4096]));

        Assert.Equal(HttpStatusCode.TooManyRequests, oversized.StatusCode);
    }

    [Fact]
    public async Task Refused_sources_spend_no_permits()
    {
        await using var firewall = await StartAsync(
            new { AllowedSources = new[] { "203.0.113.0/24" } },
            config => RateLimit(new { Kind = "FixedWindow", PermitLimit = 1, Window = "00:01:00" })(config).Setting("TrustedProxies", new[] { "127.0.0.1/32" }));

        for (var i = 0; i < 3; i++)
        {
            using var refused = await firewall.Client.SendAsync(Delivery(forwardedFor: "198.51.100.9"));
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        using var allowed = await firewall.Client.SendAsync(Delivery(forwardedFor: "203.0.113.5"));
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    [Fact]
    public async Task Partitioning_by_client_address_gives_each_client_its_own_bucket()
    {
        await using var firewall = await StartAsync(
            new { },
            config => RateLimit(new { Kind = "FixedWindow", PermitLimit = 1, Window = "00:01:00", PartitionBy = "ClientAddress" })(config).Setting("TrustedProxies", new[] { "127.0.0.1/32" }));

        using var first = await firewall.Client.SendAsync(Delivery(forwardedFor: "203.0.113.5"));
        using var again = await firewall.Client.SendAsync(Delivery(forwardedFor: "203.0.113.5"));
        using var other = await firewall.Client.SendAsync(Delivery(forwardedFor: "203.0.113.6"));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, again.StatusCode);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task The_concurrency_cap_refuses_what_would_exhaust_the_upstream()
    {
        _upstream.Delay = TimeSpan.FromSeconds(1);
        await using var firewall = await StartAsync(new { }, config => config.Route("gh", "/gh", "github", maxConcurrentRequests: 1));

        var first = firewall.Client.SendAsync(Delivery());
        Assert.True(await Eventually.HoldsAsync(() => Task.FromResult(_upstream.Received.Count == 1)));
        using var second = await firewall.Client.SendAsync(Delivery());
        using var firstResponse = await first;

        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.Equal(HttpStatusCode.OK, firstResponse.StatusCode);
    }

    [Fact]
    public void An_unknown_rate_limit_policy_or_bad_definition_is_refused_with_its_path()
    {
        var config = new FirewallConfig()
            .Route("gh", "/gh", "github", rateLimiterPolicy: "nope")
            .Route("other", "/other", "github", maxConcurrentRequests: null)
            .Policy("github", new { Provider = "github", Secrets = new[] { FirewallTestBase.GitHubSecret }, AllowedSources = new[] { "not-a-range" } })
            .Setting("RateLimiting", new { Policies = new { bad = new { Kind = "Leaky" }, incomplete = new { Kind = "FixedWindow", PermitLimit = 1 } } });
        using var directory = new TempDirectory();

        var build = WebhookFirewall.Hosting.FirewallApplication.Build(["--config", directory.Write("f.json", config.ToJson(_upstream.Address)), "--urls", "http://127.0.0.1:0"]);
        var problems = build.Problems.Select(p => p.ToString()).ToList();

        Assert.Contains(problems, p => p.StartsWith("ReverseProxy:Routes:gh:RateLimiterPolicy: ", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("WebhookFirewall:Policies:github:AllowedSources:0: ", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("WebhookFirewall:RateLimiting:Policies:bad:Kind: ", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("WebhookFirewall:RateLimiting:Policies:incomplete:Window: ", StringComparison.Ordinal));
    }

    private static Func<FirewallConfig, FirewallConfig> RateLimit(object definition) =>
        config => config
            .Route("gh", "/gh", "github", rateLimiterPolicy: "webhooks")
            .Setting("RateLimiting", new { Policies = new { webhooks = definition } });

    private static HttpRequestMessage Delivery(byte[]? body = null, string? forwardedFor = null)
    {
        var request = FirewallTestBase.GitHubDeliveryFor(body ?? FirewallTestBase.UniqueBody(), Guid.NewGuid().ToString());
        request.RequestUri = new Uri("/gh", UriKind.Relative);
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        return request;
    }

    private static async Task<string> Code(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.GetProperty("code").GetString()!;
    }

    private async Task<RunningFirewall> StartAsync(object policyExtras, Func<FirewallConfig, FirewallConfig>? configure = null)
    {
        var policy = JsonSerializer.SerializeToNode(policyExtras)!.AsObject();
        policy["Provider"] = "github";
        policy["Secrets"] = new System.Text.Json.Nodes.JsonArray(FirewallTestBase.GitHubSecret);
        var config = new FirewallConfig().Route("gh", "/gh", "github").Policy("github", policy);
        return await RunningFirewall.StartAsync((configure ?? (c => c))(config).ToJson(_upstream.Address));
    }
}
