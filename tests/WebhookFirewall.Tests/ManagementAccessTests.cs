namespace WebhookFirewall.Tests;

/// <summary>
/// DESIGN "Management access" through the real management listener: the Host allowlist on every request, the bearer
/// token (or a loopback listener) for the API, and the marker header and same-origin rule for changing requests.
/// </summary>
public sealed class ManagementAccessTests
{
    private const string Token = "management-token-for-tests-5e1f";

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/metrics")]
    [InlineData("/api/deliveries")]
    [InlineData("/deliveries")]
    public async Task A_host_the_listener_does_not_know_is_refused_everywhere(string path)
    {
        await using var firewall = await StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = "attacker.example:" + firewall.ManagementClient.BaseAddress!.Port;

        using var response = await firewall.ManagementClient.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("host_not_allowed", await CodeAsync(response));
    }

    [Theory]
    [InlineData("localhost", true)]
    [InlineData("127.0.0.1", true)]
    [InlineData("[::1]", true)]
    [InlineData("hooks-admin.internal", true)]
    [InlineData("other.internal", false)]
    public async Task Loopback_names_and_ManagementHosts_are_answered_on_the_listeners_port(string host, bool allowed)
    {
        await using var firewall = await StartAsync(extra: ["--WebhookFirewall:ManagementHosts:0", "hooks-admin.internal"]);
        var port = firewall.ManagementClient.BaseAddress!.Port;
        using var request = new HttpRequestMessage(HttpMethod.Get, "/healthz");
        request.Headers.Host = $"{host}:{port}";
        using var wrongPort = new HttpRequestMessage(HttpMethod.Get, "/healthz");
        wrongPort.Headers.Host = $"localhost:{port + 1}";

        using var response = await firewall.ManagementClient.SendAsync(request);
        using var portResponse = await firewall.ManagementClient.SendAsync(wrongPort);

        Assert.Equal(allowed ? HttpStatusCode.OK : HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, portResponse.StatusCode);
    }

    [Fact]
    public async Task With_a_token_the_api_needs_it_and_health_and_the_page_do_not()
    {
        await using var firewall = await StartAsync(extra: ["--WebhookFirewall:ManagementToken", Token]);
        var client = firewall.ManagementClient;

        using var none = await client.GetAsync("/api/deliveries");
        using var wrong = await SendAsync(client, "/api/deliveries", "Bearer " + Token + "x");
        using var basic = await SendAsync(client, "/api/deliveries", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("a:" + Token)));
        using var right = await SendAsync(client, "/api/deliveries", "Bearer " + Token);
        using var stream = await SendAsync(client, "/api/deliveries/stream", null);
        using var health = await client.GetAsync("/healthz");
        using var page = await client.GetAsync("/deliveries");

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal("invalid_management_token", await CodeAsync(none));
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, basic.StatusCode);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, stream.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.DoesNotContain(Token, await right.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_token_the_api_is_served_on_a_loopback_listener_only()
    {
        await using var loopback = await StartAsync();
        await using var everywhere = await StartAsync(managementUrl: "http://0.0.0.0:0");

        // Bound to every address, reached here through loopback: the binding decides, not the caller's address.
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{everywhere.ManagementClient.BaseAddress!.Port}") };
        using var local = await loopback.ManagementClient.GetAsync("/api/deliveries");
        using var open = await client.GetAsync("/api/deliveries");
        using var health = await client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, local.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, open.StatusCode);
        Assert.Equal("management_token_required", await CodeAsync(open));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Theory]
    [InlineData(null, null, HttpStatusCode.Forbidden)]
    [InlineData("webhookfirewall", null, HttpStatusCode.NotFound)]
    [InlineData("WebhookFirewall", null, HttpStatusCode.NotFound)]
    [InlineData("someone-else", null, HttpStatusCode.Forbidden)]
    [InlineData("webhookfirewall", "null", HttpStatusCode.Forbidden)]
    [InlineData("webhookfirewall", "http://attacker.example", HttpStatusCode.Forbidden)]
    [InlineData("webhookfirewall", "https://127.0.0.1:{port}", HttpStatusCode.Forbidden)]
    [InlineData("webhookfirewall", "http://127.0.0.1:1", HttpStatusCode.Forbidden)]
    [InlineData("webhookfirewall", "http://127.0.0.1:{port}", HttpStatusCode.NotFound)]
    public async Task Changing_requests_need_the_marker_header_and_a_same_origin_or_absent_Origin(string? requestedBy, string? origin, HttpStatusCode expected)
    {
        await using var firewall = await StartAsync();
        var port = firewall.ManagementClient.BaseAddress!.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var method in new[] { HttpMethod.Post, HttpMethod.Delete })
        {
            // The spool's changing endpoints, for an entry that does not exist: one that passes the check is not found.
            var path = method == HttpMethod.Post ? "/api/spool/01ARZ3NDEKTSV4RRFFQ69G5FAV/retry" : "/api/spool/01ARZ3NDEKTSV4RRFFQ69G5FAV";
            using var request = new HttpRequestMessage(method, path);
            if (requestedBy is not null)
            {
                request.Headers.Add("X-Requested-By", requestedBy);
            }

            if (origin is not null)
            {
                request.Headers.TryAddWithoutValidation("Origin", origin.Replace("{port}", port, StringComparison.Ordinal));
            }

            using var response = await firewall.ManagementClient.SendAsync(request);

            Assert.Equal(expected, response.StatusCode);
            if (expected == HttpStatusCode.Forbidden)
            {
                Assert.Equal("cross_origin", await CodeAsync(response));
            }
        }
    }

    private static async Task<RunningFirewall> StartAsync(string managementUrl = "http://127.0.0.1:0", string[]? extra = null)
    {
        var config = new FirewallConfig()
            .Route("github", "/webhooks/github", "github")
            .Policy("github", new { Provider = "github", Secrets = new[] { FirewallTestBase.GitHubSecret } })
            .ToJson(new Uri("http://127.0.0.1:9/"));
        return await RunningFirewall.StartAsync(config, [.. extra ?? [], "--WebhookFirewall:ManagementUrl", managementUrl]);
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string path, string? authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    private static async Task<string?> CodeAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.GetProperty("code").GetString();
    }
}
