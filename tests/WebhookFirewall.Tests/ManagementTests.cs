namespace WebhookFirewall.Tests;

/// <summary>Metrics and health live on the management listener only, with the contract's names and labels.</summary>
public sealed class ManagementTests : FirewallTestBase
{
    [Fact]
    public async Task Health_and_readiness_answer_on_the_management_listener()
    {
        using var health = await Firewall.ManagementClient.GetAsync("/healthz");
        using var ready = await Firewall.ManagementClient.GetAsync("/readyz");
        using var readyBody = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("ready", readyBody.RootElement.GetProperty("status").GetString());
        Assert.Equal("ok", readyBody.RootElement.GetProperty("store").GetProperty("state").GetString());
    }

    [Theory]
    [InlineData("/metrics")]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    public async Task Management_paths_do_not_answer_on_the_public_listener(string path)
    {
        using var response = await Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Webhook_routes_do_not_answer_on_the_management_listener()
    {
        using var response = await Firewall.ManagementClient.SendAsync(GitHubDelivery("{}"u8.ToArray()));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(Upstream.Received);
    }

    [Fact]
    public async Task Request_outcomes_failures_and_secret_matches_are_counted()
    {
        var id = Guid.NewGuid().ToString();
        (await Client.SendAsync(GitHubDelivery("{}"u8.ToArray(), deliveryId: id))).Dispose();
        (await Client.SendAsync(GitHubDelivery("{}"u8.ToArray(), deliveryId: id))).Dispose();
        (await Client.SendAsync(GitHubDelivery("""{"rotated":true}"""u8.ToArray(), secret: GitHubPreviousSecret))).Dispose();
        (await Client.SendAsync(GitHubDelivery("{}"u8.ToArray(), secret: "wrong"))).Dispose();
        (await Client.SendAsync(GitHubDelivery("{}"u8.ToArray(), secret: null))).Dispose();
        (await Client.SendAsync(GitHubDelivery(new byte[SmallLimit + 1], path: "/webhooks/small"))).Dispose();
        (await Client.SendAsync(GitHubDelivery("{}"u8.ToArray(), secret: "wrong", path: "/webhooks/report"))).Dispose();
        (await Client.GetAsync($"/webhooks/meta?hub.mode=subscribe&hub.verify_token={MetaVerifyToken}&hub.challenge=1")).Dispose();
        (await Client.PostAsync("/open/x", new StringContent("x"))).Dispose();

        var text = await Firewall.ManagementClient.GetStringAsync("/metrics");

        Assert.Equal(2, Requests(text, "github", "github", "github", "forwarded"));
        Assert.Equal(1, Requests(text, "github", "github", "github", "duplicate"));
        Assert.Equal(2, Requests(text, "github", "github", "github", "rejected"));
        Assert.Equal(1, Requests(text, "github-small", "github-small", "github", "too_large"));
        Assert.Equal(1, Requests(text, "github-report", "github-report", "github", "report_only"));
        Assert.Equal(1, Requests(text, "meta", "meta", "meta", "challenge"));
        Assert.Equal(1, Requests(text, "open", "Anonymous", "none", "forwarded"));
        Assert.Equal(1, PrometheusText.Value(text, "webhook_verification_failures_total", ("route", "github"), ("policy", "github"), ("provider", "github"), ("code", "invalid_signature")));
        Assert.Equal(1, PrometheusText.Value(text, "webhook_verification_failures_total", ("route", "github"), ("policy", "github"), ("provider", "github"), ("code", "missing_signature")));
        Assert.Equal(1, PrometheusText.Value(text, "webhook_verification_failures_total", ("route", "github-report"), ("policy", "github-report"), ("provider", "github"), ("code", "invalid_signature")));
        Assert.Equal(2, PrometheusText.Value(text, "webhook_secret_matches_total", ("policy", "github"), ("secret_index", "0")));
        Assert.Equal(1, PrometheusText.Value(text, "webhook_secret_matches_total", ("policy", "github"), ("secret_index", "1")));
        Assert.True(PrometheusText.Value(text, "webhook_verification_duration_seconds_count", ("provider", "github")) >= 5);
        Assert.Equal(0, PrometheusText.Value(text, "webhook_config_reload_failures_total"));
    }

    [Fact]
    public async Task Upstream_errors_are_counted_as_such()
    {
        await using var firewall = await RunningFirewall.StartAsync(StandardConfig().ToJson(new Uri($"http://127.0.0.1:{RedisServer.FreePort()}/")));
        using var response = await firewall.Client.SendAsync(GitHubDelivery("{}"u8.ToArray()));

        var text = await firewall.ManagementClient.GetStringAsync("/metrics");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal(1, Requests(text, "github", "github", "github", "upstream_error"));
    }

    [Fact]
    public async Task Upstream_5xx_answers_are_counted_as_upstream_errors()
    {
        Upstream.Respond = _ => (503, "down for maintenance");
        using var response = await Client.SendAsync(GitHubDelivery("{}"u8.ToArray()));

        var text = await Firewall.ManagementClient.GetStringAsync("/metrics");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(1, Requests(text, "github", "github", "github", "upstream_error"));
        Assert.Equal(0, Requests(text, "github", "github", "github", "forwarded"));
    }

    [Fact]
    public async Task Kestrel_and_runtime_meters_are_exported_without_the_quic_internals()
    {
        (await Client.SendAsync(GitHubDelivery("{}"u8.ToArray()))).Dispose();

        var text = await Firewall.ManagementClient.GetStringAsync("/metrics");

        Assert.Contains("microsoft_aspnetcore_server_kestrel_kestrel_active_connections", text, StringComparison.Ordinal);
        Assert.Contains("system_runtime_dotnet_gc_collections", text, StringComparison.Ordinal);
        Assert.DoesNotContain("msquic", text, StringComparison.Ordinal);
    }

    private static double? Requests(string text, string route, string policy, string provider, string outcome) =>
        PrometheusText.Value(text, "webhook_requests_total", ("route", route), ("policy", policy), ("provider", provider), ("outcome", outcome));
}
