using static WebhookFirewall.Tests.Spool.SpoolFixture;

namespace WebhookFirewall.Tests.Spool;

/// <summary>
/// A cluster whose active health checks found no healthy destination: YARP chose none, so no request was sent — the
/// spool stores it as it would have been sent, and the redelivery waits for a healthy destination.
/// </summary>
public sealed class SpoolHealthTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private readonly int _port = RedisServer.FreePort();
    private RecordingUpstream? _upstream;
    private RunningFirewall _firewall = null!;

    public async Task InitializeAsync() => _firewall = await RunningFirewall.StartAsync(Config(Path.Combine(_data.Path, "spool.db"))
        .Cluster("HealthCheck", new
        {
            // Not YARP's default HealthyOrPanic, which sends to every destination when none is healthy.
            AvailableDestinationsPolicy = "HealthyAndUnknown",
            Active = new { Enabled = true, Interval = "00:00:01", Timeout = "00:00:01", Policy = "ConsecutiveFailures", Path = "/health" },
        })
        .Cluster("Metadata", new Dictionary<string, string> { ["ConsecutiveFailuresHealthPolicy.Threshold"] = "1" })
        .ToJson(UpstreamAt(_port)));

    public async Task DisposeAsync()
    {
        await _firewall.DisposeAsync();
        if (_upstream is not null)
        {
            await _upstream.DisposeAsync();
        }

        _data.Dispose();
    }

    [Fact]
    public async Task No_healthy_destination_spools_the_request_as_it_would_have_been_sent()
    {
        // The failed probes mark the destination unhealthy: from then on YARP answers without sending anything.
        var bodies = new List<byte[]>();
        Assert.True(await Eventually.HoldsAsync(async () =>
        {
            var body = FirewallTestBase.UniqueBody();
            bodies.Add(body);
            using var response = await _firewall.Client.SendAsync(GitHub(body));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            return (await EntriesAsync(_firewall.ManagementClient)).Any(e => (string?)e!["lastError"] == "no healthy destination");
        }), (await EntriesAsync(_firewall.ManagementClient)).ToJsonString());
        var unsent = (await EntriesAsync(_firewall.ManagementClient)).First(e => (string?)e!["lastError"] == "no healthy destination")!;
        var body = bodies.Single(b => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(b)) == (string?)unsent["bodySha256"]);

        _upstream = await RecordingUpstream.StartAsync(_port);

        Assert.True(await Eventually.HoldsAsync(() => Task.FromResult(_upstream.Received.Any(r => r.Body.AsSpan().SequenceEqual(body)))));
        var received = Assert.Single(_upstream.Received, r => r.Body.AsSpan().SequenceEqual(body));
        Assert.Equal("/webhooks/github", received.PathAndQuery);
        Assert.Equal("verified", received.Header("X-Webhook-Verification"));
        Assert.Equal("push", received.Header("X-GitHub-Event"));
        AssertSignedByFirewall(received);
        Assert.True(await Eventually.HoldsAsync(async () => (await EntriesAsync(_firewall.ManagementClient)) is { Count: > 0 } entries && entries.All(e => (string?)e!["state"] == "delivered")));
        Assert.Equal(bodies.Count, _upstream.Received.Count(r => r.PathAndQuery == "/webhooks/github"));
    }
}
