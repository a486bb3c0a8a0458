using System.Text.Json.Nodes;
using WebhookFirewall.Model;
using static WebhookFirewall.Tests.Spool.SpoolFixture;

namespace WebhookFirewall.Tests.Spool;

/// <summary>
/// The spool end to end, in process, for each store: a real Kestrel upstream whose listener is closed and opened
/// again on the same port, a real SQLite file or a real redis-server that fsyncs every write. Nothing is lost: what is
/// acknowledged 202 reaches the backend, byte for byte, once where the backend never received an attempt.
/// </summary>
public abstract class SpoolDeliveryTests : IAsyncLifetime
{
    private readonly int _port = RedisServer.FreePort();
    private RecordingUpstream? _upstream;
    private RunningFirewall _firewall = null!;

    protected TempDirectory Data { get; } = new();

    protected string SpoolPath => Path.Combine(Data.Path, "spool", "spool.db");

    /// <summary>The store's name in /readyz and metrics.</summary>
    protected abstract string StoreName { get; }

    /// <summary>Where the store keeps its bytes on disk (none of them may hold a credential).</summary>
    protected abstract string StoreFiles { get; }

    public async Task InitializeAsync() => _firewall = await RunningFirewall.StartAsync(Config(SpoolPath).ToJson(UpstreamAt(_port)), await StartStoreAsync());

    public virtual async Task DisposeAsync()
    {
        await _firewall.DisposeAsync();
        if (_upstream is not null)
        {
            await _upstream.DisposeAsync();
        }

        Data.Dispose();
    }

    /// <summary>Starts what the store needs; the firewall's extra arguments.</summary>
    protected abstract Task<string[]> StartStoreAsync();

    [SkippableFact]
    public async Task Backend_down_a_delivery_is_acknowledged_202_then_delivered_once_byte_for_byte_when_it_is_back()
    {
        var body = FirewallTestBase.UniqueBody();
        var deliveryId = Guid.NewGuid().ToString();
        using var response = await _firewall.Client.SendAsync(GitHub(body, deliveryId: deliveryId));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("true", Assert.Single(response.Headers.GetValues("X-Webhook-Spooled")));
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        var pending = Assert.Single(await EntriesAsync(_firewall.ManagementClient));
        Assert.Equal("pending", (string?)pending!["state"]);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(body)), (string?)pending["bodySha256"]);
        Assert.Null(pending["headers"]);
        Assert.Null(pending["body"]);

        // The provider retries while the delivery is spooled: a duplicate of the 202, never a second entry.
        using var retry = await _firewall.Client.SendAsync(GitHub(body, deliveryId: Guid.NewGuid().ToString()));
        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        Assert.Equal("true", Assert.Single(retry.Headers.GetValues("X-Webhook-Duplicate")));
        Assert.Single(await EntriesAsync(_firewall.ManagementClient));

        _upstream = await RecordingUpstream.StartAsync(_port);
        Assert.True(await Eventually.HoldsAsync(() => Task.FromResult(_upstream.Received.Count > 0)), "the spooled delivery never reached the backend");
        var received = Assert.Single(_upstream.Received);
        Assert.Equal(body, received.Body);
        Assert.Equal("POST", received.Method);
        Assert.Equal("/webhooks/github", received.PathAndQuery);
        Assert.Equal(deliveryId, received.Header("X-GitHub-Delivery"));
        Assert.Equal("push", received.Header("X-GitHub-Event"));
        Assert.Equal(Sign.GitHub(FirewallTestBase.GitHubSecret, body), received.Header("X-Hub-Signature-256"));
        Assert.Equal("application/json", received.Header("Content-Type"));
        Assert.Equal("verified", received.Header("X-Webhook-Verification"));
        Assert.True(int.Parse(received.Header("X-Webhook-Redelivery")!, System.Globalization.CultureInfo.InvariantCulture) >= 1);
        Assert.True(DateTimeOffset.TryParse(received.Header("X-Webhook-Spooled-At"), out var spooledAt));
        Assert.InRange(spooledAt, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow);
        Assert.Matches("^github:sha256:[0-9a-f]{64}$", received.Header(MarkHeaders.Id));
        AssertSignedByFirewall(received);

        Assert.True(await Eventually.HoldsAsync(async () => (string?)(await EntriesAsync(_firewall.ManagementClient)).Single()!["state"] == "delivered"));
        await Task.Delay(1500);
        Assert.Single(_upstream.Received);
        var metrics = await _firewall.ManagementClient.GetStringAsync("/metrics");
        Assert.Equal(1, PrometheusText.Value(metrics, "webhook_requests_total", ("route", "github"), ("policy", "github"), ("provider", "github"), ("outcome", "spooled")));
        Assert.Equal(1, PrometheusText.Value(metrics, "webhook_redeliveries_total", ("route", "github"), ("result", "delivered")));
        Assert.Equal(0, PrometheusText.Value(metrics, "webhook_spool_entries", ("route", "github"), ("state", "pending")));

        // Delivered, the record still answers the provider's retries as duplicates.
        using var late = await _firewall.Client.SendAsync(GitHub(body));
        Assert.Equal("true", Assert.Single(late.Headers.GetValues("X-Webhook-Duplicate")));
        Assert.Single(_upstream.Received);
    }

    [SkippableFact]
    public async Task A_5xx_answer_is_replaced_by_202_its_body_never_reaches_the_provider_and_the_delivery_follows_when_the_backend_recovers()
    {
        _upstream = await RecordingUpstream.StartAsync(_port);
        _upstream.Respond = _ => (503, "backend-maintenance-page");
        _upstream.ResponseHeaders = new Dictionary<string, string> { ["X-Backend-Secret-Header"] = "leak" };
        var body = FirewallTestBase.UniqueBody();

        using var response = await _firewall.Client.SendAsync(GitHub(body));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.False(response.Headers.Contains("X-Backend-Secret-Header"));
        Assert.Equal("true", Assert.Single(response.Headers.GetValues("X-Webhook-Spooled")));

        _upstream.Respond = _ => (200, "ok");
        Assert.True(await Eventually.HoldsAsync(async () => (string?)(await EntriesAsync(_firewall.ManagementClient)).Single()!["state"] == "delivered"));
        // The first forward reached the backend (it answered 503), so the redelivery is its second copy, same id.
        Assert.True(_upstream.Received.Count >= 2);
        Assert.Single(_upstream.Received.Select(r => r.Header(MarkHeaders.Id)).Distinct());
        Assert.All(_upstream.Received, r => Assert.Equal(body, r.Body));
        Assert.Null(_upstream.Received[0].Header("X-Webhook-Redelivery"));
        Assert.Equal("1", _upstream.Received[1].Header("X-Webhook-Redelivery"));
    }

    [SkippableFact]
    public async Task No_answer_within_the_activity_timeout_spools_and_the_backend_may_see_the_same_id_again()
    {
        _upstream = await RecordingUpstream.StartAsync(_port);
        _upstream.Delay = TimeSpan.FromSeconds(4);
        var body = FirewallTestBase.UniqueBody();

        using var response = await _firewall.Client.SendAsync(GitHub(body));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var entry = Assert.Single(await EntriesAsync(_firewall.ManagementClient));
        Assert.Equal("timeout", (string?)entry!["lastError"]);
        _upstream.Delay = TimeSpan.Zero;
        Assert.True(await Eventually.HoldsAsync(async () => (string?)(await EntriesAsync(_firewall.ManagementClient)).Single()!["state"] == "delivered"));
        Assert.Single(_upstream.Received.Select(r => r.Header(MarkHeaders.Id)).Distinct());
    }

    [SkippableFact]
    public async Task A_4xx_at_redelivery_is_a_dead_letter_kept_visible_and_retried_by_hand_once_the_backend_is_fixed()
    {
        var body = FirewallTestBase.UniqueBody();
        using var response = await _firewall.Client.SendAsync(GitHub(body));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        _upstream = await RecordingUpstream.StartAsync(_port);
        _upstream.Respond = _ => (400, "bad payload");
        Assert.True(await Eventually.HoldsAsync(async () => (await EntriesAsync(_firewall.ManagementClient, "?state=dead")).Count == 1));
        var dead = (await EntriesAsync(_firewall.ManagementClient, "?state=dead&route=github")).Single()!;
        Assert.Equal(400, (int?)dead["lastStatus"]);
        Assert.Empty(await EntriesAsync(_firewall.ManagementClient, "?state=pending"));
        await Task.Delay(1000);
        Assert.Single(_upstream.Received); // dead: not tried again by itself
        var metrics = await _firewall.ManagementClient.GetStringAsync("/metrics");
        Assert.Equal(1, PrometheusText.Value(metrics, "webhook_spool_entries", ("route", "github"), ("state", "dead")));

        _upstream.Respond = _ => (204, string.Empty);
        using var retry = await _firewall.ManagementClient.SendAsync(Mutation(HttpMethod.Post, $"/api/spool/{(string?)dead["id"]}/retry"));
        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        Assert.True(await Eventually.HoldsAsync(async () => (string?)(await EntriesAsync(_firewall.ManagementClient)).Single()!["state"] == "delivered"));
        Assert.Equal(2, _upstream.Received.Count);
        Assert.Equal(body, _upstream.Received[1].Body);

        // Delivered: nothing is left to retry.
        using var again = await _firewall.ManagementClient.SendAsync(Mutation(HttpMethod.Post, $"/api/spool/{(string?)dead["id"]}/retry"));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [SkippableFact]
    public async Task Discarding_an_entry_releases_its_record_so_the_providers_next_retry_is_taken_again()
    {
        var body = FirewallTestBase.UniqueBody();
        using var first = await _firewall.Client.SendAsync(GitHub(body));
        var id = (string?)(await EntriesAsync(_firewall.ManagementClient)).Single()!["id"];

        using var discard = await _firewall.ManagementClient.SendAsync(Mutation(HttpMethod.Delete, $"/api/spool/{id}"));

        Assert.Equal(HttpStatusCode.OK, discard.StatusCode);
        Assert.Empty(await EntriesAsync(_firewall.ManagementClient));
        using var retry = await _firewall.Client.SendAsync(GitHub(body));
        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        Assert.False(retry.Headers.Contains("X-Webhook-Duplicate"));
        Assert.NotEqual(id, (string?)(await EntriesAsync(_firewall.ManagementClient)).Single()!["id"]);
        using var gone = await _firewall.ManagementClient.SendAsync(Mutation(HttpMethod.Delete, $"/api/spool/{id}"));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [SkippableFact]
    public async Task A_token_header_is_stored_as_a_placeholder_and_refilled_with_the_secret_that_matched()
    {
        var body = FirewallTestBase.UniqueBody();
        using var response = await _firewall.Client.SendAsync(GitLab(body, GitLabToken));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        // Nothing of the token is in the store's files, whatever it has written so far; the body is.
        var files = Directory.GetFiles(StoreFiles, "*", SearchOption.AllDirectories);
        Assert.Contains(files, f => File.ReadAllBytes(f).AsSpan().IndexOf(body) >= 0);
        foreach (var file in files)
        {
            var bytes = await File.ReadAllBytesAsync(file);
            Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(GitLabToken)) < 0, $"{Path.GetFileName(file)} holds the token");
        }

        _upstream = await RecordingUpstream.StartAsync(_port);
        Assert.True(await Eventually.HoldsAsync(() => Task.FromResult(_upstream.Received.Count > 0)));
        var received = Assert.Single(_upstream.Received);
        Assert.Equal(GitLabToken, received.Header("X-Gitlab-Token"));
        Assert.Equal("Push Hook", received.Header("X-Gitlab-Event"));
        Assert.Equal(body, received.Body);
    }

    [SkippableFact]
    public async Task Report_mode_failures_anonymous_requests_and_rejecting_policies_are_never_spooled()
    {
        using var failed = await _firewall.Client.SendAsync(WronglySigned(GitHub(FirewallTestBase.UniqueBody(), "/webhooks/report")));
        using var anonymous = await _firewall.Client.PostAsync("/open/anything", new StringContent("{}"));
        using var rejecting = await _firewall.Client.SendAsync(GitHub(FirewallTestBase.UniqueBody(), "/webhooks/reject"));

        Assert.Equal(HttpStatusCode.BadGateway, failed.StatusCode);
        Assert.Equal(HttpStatusCode.BadGateway, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.BadGateway, rejecting.StatusCode);
        Assert.Empty(await EntriesAsync(_firewall.ManagementClient));
    }

    [SkippableFact]
    public async Task A_route_removed_from_the_config_keeps_its_entries_pending_until_it_returns()
    {
        var body = FirewallTestBase.UniqueBody();
        using var response = await _firewall.Client.SendAsync(GitHub(body));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        await File.WriteAllTextAsync(_firewall.ConfigPath, Config(SpoolPath, withGitHubRoute: false).ToJson(UpstreamAt(_port)));
        // An unsigned probe: refused (401) while the route is there, not found once it is gone; never spooled.
        Assert.True(await Eventually.HoldsAsync(async () => (await _firewall.Client.PostAsync("/webhooks/github", new StringContent("{}"))).StatusCode == HttpStatusCode.NotFound));
        _upstream = await RecordingUpstream.StartAsync(_port);
        Assert.True(await Eventually.HoldsAsync(async () => (string?)(await EntriesAsync(_firewall.ManagementClient)).Single()!["lastError"] == "route not configured"));
        await Task.Delay(1000);
        Assert.Empty(_upstream.Received);
        Assert.Equal("pending", (string?)(await EntriesAsync(_firewall.ManagementClient)).Single()!["state"]);

        await File.WriteAllTextAsync(_firewall.ConfigPath, Config(SpoolPath).ToJson(UpstreamAt(_port)));

        // Due again as soon as the route is back, not a minute later.
        Assert.True(await Eventually.HoldsAsync(() => Task.FromResult(_upstream.Received.Count > 0), TimeSpan.FromSeconds(15)));
        Assert.Equal(body, Assert.Single(_upstream.Received).Body);
    }

    [SkippableFact]
    public async Task The_ledger_entry_of_a_spooled_delivery_has_the_spool_entrys_id_and_shows_its_state()
    {
        using var response = await _firewall.Client.SendAsync(GitHub(FirewallTestBase.UniqueBody()));
        var spoolId = (string?)(await EntriesAsync(_firewall.ManagementClient)).Single()!["id"];

        JsonNode? Entry(JsonArray entries) => entries.SingleOrDefault(e => (string?)e!["outcome"] == "spooled");
        JsonNode? pending = null;
        Assert.True(await Eventually.HoldsAsync(async () => (pending = Entry(await DeliveriesAsync())) is not null));
        Assert.Equal(spoolId, (string?)pending!["id"]);
        Assert.Equal(spoolId, (string?)pending["spoolId"]);
        Assert.Equal(202, (int?)pending["status"]);
        Assert.Equal("pending", (string?)pending["spool"]!["state"]);

        _upstream = await RecordingUpstream.StartAsync(_port);
        Assert.True(await Eventually.HoldsAsync(async () => (string?)Entry(await DeliveriesAsync())?["spool"]?["state"] == "delivered"));
        using var one = await _firewall.ManagementClient.GetAsync($"/api/deliveries/{spoolId}");
        Assert.Equal("delivered", (string?)JsonNode.Parse(await one.Content.ReadAsStringAsync())!["spool"]!["state"]);
    }

    [SkippableFact]
    public async Task The_live_stream_tells_when_a_spooled_delivery_was_delivered()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/deliveries/stream");
        using var stream = await _firewall.ManagementClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync(cancel.Token));
        using var response = await _firewall.Client.SendAsync(GitHub(FirewallTestBase.UniqueBody()));
        var spoolId = (string?)(await EntriesAsync(_firewall.ManagementClient)).Single()!["id"];

        _upstream = await RecordingUpstream.StartAsync(_port);

        string? eventName = null;
        while (await reader.ReadLineAsync(cancel.Token) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                eventName = line["event: ".Length..];
            }
            else if (eventName == "spool" && line.StartsWith("data: ", StringComparison.Ordinal))
            {
                var change = JsonNode.Parse(line["data: ".Length..])!;
                Assert.Equal(spoolId, (string?)change["id"]);
                if ((string?)change["spool"]?["state"] == "delivered")
                {
                    return;
                }
            }
        }

        Assert.Fail("no spool event said the delivery was delivered");
    }

    private async Task<JsonArray> DeliveriesAsync() => JsonNode.Parse(await _firewall.ManagementClient.GetStringAsync("/api/deliveries?route=github"))!.AsArray();

    [SkippableFact]
    public async Task Nothing_is_stored_while_the_backend_answers()
    {
        _upstream = await RecordingUpstream.StartAsync(_port);
        for (var i = 0; i < 10; i++)
        {
            using var response = await _firewall.Client.SendAsync(GitHub(FirewallTestBase.UniqueBody()));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(10, _upstream.Received.Count);
        Assert.Empty(await EntriesAsync(_firewall.ManagementClient));
        var metrics = await _firewall.ManagementClient.GetStringAsync("/metrics");
        Assert.Equal(10, PrometheusText.Value(metrics, "webhook_requests_total", ("route", "github"), ("policy", "github"), ("provider", "github"), ("outcome", "forwarded")));
        Assert.Equal(0, PrometheusText.Value(metrics, "webhook_spool_entries", ("route", "github"), ("state", "pending")));
    }

    [SkippableFact]
    public async Task Readiness_reports_the_spool_store()
    {
        var ready = JsonNode.Parse(await _firewall.ManagementClient.GetStringAsync("/readyz"))!;
        Assert.Equal(StoreName, (string?)ready["spool"]!["name"]);
        Assert.Equal("ok", (string?)ready["spool"]!["state"]);
    }

    protected Task<HttpResponseMessage> SendAsync(HttpRequestMessage request) => _firewall.Client.SendAsync(request);

    protected Task<JsonArray> SpoolEntriesAsync() => EntriesAsync(_firewall.ManagementClient);

    protected async Task<RecordingUpstream> StartUpstreamAsync() => _upstream = await RecordingUpstream.StartAsync(_port);

    private static HttpRequestMessage WronglySigned(HttpRequestMessage request)
    {
        request.Headers.Remove("X-Hub-Signature-256");
        request.Headers.Add("X-Hub-Signature-256", "sha256=" + new string('0', 64));
        return request;
    }
}
