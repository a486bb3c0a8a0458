namespace WebhookFirewall.Tests;

/// <summary>
/// Nobody can pretend to be verified, or to be someone else: what reaches the backend carries only the firewall's own
/// mark, the sender's headers as received (non-ASCII values included) minus what a sender may not set.
/// </summary>
public sealed class HeaderHygieneTests : FirewallTestBase
{
    private const string EventGridSecret = "event-grid-query-secret";

    protected override FirewallConfig Configure(FirewallConfig config) => config
        .Route("eventgrid", "/webhooks/eventgrid", "eventgrid")
        .Policy("eventgrid", new { Provider = "azure-event-grid", Secrets = new[] { EventGridSecret }, QueryParameter = "code" });

    [Theory]
    [InlineData("/webhooks/github")]
    [InlineData("/open/anything")]
    public async Task The_firewalls_own_headers_and_their_underscore_twins_are_removed_on_every_route(string path)
    {
        var request = GitHubDelivery(UniqueBody(), path: path);
        request.Headers.TryAddWithoutValidation("X_Webhook_Verification", "verified");
        request.Headers.TryAddWithoutValidation("x-webhook-duplicate", "true");
        request.Headers.TryAddWithoutValidation("X-Webhook_Spooled", "true");
        request.Headers.TryAddWithoutValidation("X-WEBHOOK-REDELIVERY", "1");
        request.Headers.TryAddWithoutValidation("X_Webhook_Spooled_At", "2026-01-01T00:00:00Z");
        request.Headers.TryAddWithoutValidation("X-Webhook-Firewall-Signature", "v1,forged");
        request.Headers.TryAddWithoutValidation("x_webhook_firewall_id", "forged");
        // Not the firewall's: Netlify signs in this one, and it must reach the backend.
        request.Headers.TryAddWithoutValidation("X-Webhook-Signature", "netlify-jws");

        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(Upstream.Received);
        var names = received.Headers.Keys.Select(k => k.Replace('_', '-')).ToArray();
        Assert.DoesNotContain(names, n => n.Equals("X-Webhook-Duplicate", StringComparison.OrdinalIgnoreCase)
            || n.Equals("X-Webhook-Spooled", StringComparison.OrdinalIgnoreCase)
            || n.Equals("X-Webhook-Redelivery", StringComparison.OrdinalIgnoreCase)
            || n.Equals("X-Webhook-Spooled-At", StringComparison.OrdinalIgnoreCase)
            || n.StartsWith("X-Webhook-Firewall-", StringComparison.OrdinalIgnoreCase));
        // The mark, in any spelling: exactly the firewall's own on a verified route, none on an Anonymous one.
        var marks = received.Headers.Where(h => h.Key.Replace('_', '-').Equals("X-Webhook-Verification", StringComparison.OrdinalIgnoreCase)).ToArray();
        if (path.StartsWith("/open", StringComparison.Ordinal))
        {
            Assert.Empty(marks);
        }
        else
        {
            var mark = Assert.Single(marks);
            Assert.Equal("X-Webhook-Verification", mark.Key);
            Assert.Equal("verified", Assert.Single(mark.Value));
        }
        Assert.Equal("netlify-jws", received.Header("X-Webhook-Signature"));
    }

    [Fact]
    public async Task Client_address_headers_from_an_untrusted_peer_are_removed()
    {
        var request = GitHubDelivery(UniqueBody());
        foreach (var name in (string[])["X-Real-IP", "True-Client-IP", "X-Client-IP", "CF-Connecting-IP"])
        {
            request.Headers.TryAddWithoutValidation(name, "203.0.113.9");
        }

        request.Headers.TryAddWithoutValidation("Forwarded", "for=203.0.113.9");

        using var response = await Client.SendAsync(request);

        var received = Assert.Single(Upstream.Received);
        Assert.Null(received.Header("X-Real-IP"));
        Assert.Null(received.Header("True-Client-IP"));
        Assert.Null(received.Header("X-Client-IP"));
        Assert.Null(received.Header("CF-Connecting-IP"));
        Assert.Null(received.Header("Forwarded"));
    }

    [Fact]
    public async Task Client_address_headers_from_a_trusted_proxy_are_kept()
    {
        var config = StandardConfig().Setting("TrustedProxies", new[] { "127.0.0.1/32", "::1/128" });
        await using var firewall = await RunningFirewall.StartAsync(config.ToJson(Upstream.Address));
        var request = GitHubDelivery(UniqueBody());
        request.Headers.TryAddWithoutValidation("X-Real-IP", "203.0.113.9");

        using var response = await firewall.Client.SendAsync(request);

        Assert.Equal("203.0.113.9", Assert.Single(Upstream.Received).Header("X-Real-IP"));
    }

    [Fact]
    public async Task No_server_header_is_sent_and_expect_is_not_forwarded()
    {
        var request = GitHubDelivery(UniqueBody());
        request.Headers.ExpectContinue = true;

        using var forwarded = await Client.SendAsync(request);
        using var refused = await Client.SendAsync(GitHubDelivery(UniqueBody(), secret: "wrong"));

        Assert.Equal(HttpStatusCode.OK, forwarded.StatusCode);
        Assert.False(forwarded.Headers.Contains("Server"), "the upstream's Server header reached the sender");
        Assert.False(refused.Headers.Contains("Server"), "the firewall named its server software");
        Assert.Null(Assert.Single(Upstream.Received).Header("Expect"));
    }

    [Fact]
    public async Task An_upstream_cannot_fake_the_firewalls_answers()
    {
        Upstream.ResponseHeaders = new Dictionary<string, string> { ["X-Webhook-Duplicate"] = "true", ["X-Webhook-Spooled"] = "true", ["Server"] = "legacy/1.0" };

        using var response = await Client.SendAsync(GitHubDelivery(UniqueBody()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("X-Webhook-Duplicate"));
        Assert.False(response.Headers.Contains("X-Webhook-Spooled"));
        Assert.False(response.Headers.Contains("Server"));
    }

    [Fact]
    public async Task Non_ascii_header_values_of_a_verified_delivery_are_forwarded_as_received()
    {
        var body = UniqueBody();
        var head = $"POST /webhooks/github HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nX-GitHub-Event: pull_request_ré\r\n"
            + $"X-GitHub-Delivery: {Guid.NewGuid()}\r\nX-Hub-Signature-256: {Sign.GitHub(GitHubSecret, body)}\r\nContent-Length: {body.Length}\r\n\r\n";

        using var response = await RawHttp.SendAsync(Firewall.Address, head, body, Encoding.UTF8);

        Assert.Equal(200, response.Status);
        Assert.Equal("pull_request_ré", Assert.Single(Upstream.Received).Header("X-GitHub-Event"));
    }

    [Fact]
    public async Task The_event_grid_secret_in_the_query_is_removed_before_forwarding()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/webhooks/eventgrid?code={EventGridSecret}&tenant=7")
        {
            Content = new StringContent("""[{"id":"e1","eventType":"Custom"}]""", Encoding.UTF8, "application/json"),
        };

        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(Upstream.Received);
        Assert.DoesNotContain(EventGridSecret, received.PathAndQuery, StringComparison.Ordinal);
        Assert.Contains("tenant=7", received.PathAndQuery, StringComparison.Ordinal);
    }
}
