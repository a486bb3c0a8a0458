using static WebhookFirewall.Tests.Spool.SpoolFixture;

namespace WebhookFirewall.Tests.Spool;

/// <summary>Dead letters outlive `Spool:DeadLetterTtl` by no more than the worker's sweep, whether or not anything scrapes `/metrics`.</summary>
public sealed class SpoolExpiryTests : IAsyncLifetime
{
    private readonly int _port = RedisServer.FreePort();
    private readonly TempDirectory _data = new();
    private RecordingUpstream? _upstream;
    private RunningFirewall _firewall = null!;

    public async Task InitializeAsync() => _firewall = await RunningFirewall.StartAsync(
        Config(Path.Combine(_data.Path, "spool.db")).ToJson(UpstreamAt(_port)),
        "--WebhookFirewall:Spool:DeadLetterTtl", "00:00:02");

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
    public async Task A_dead_letter_is_dropped_once_its_ttl_has_passed_without_a_metrics_scrape()
    {
        using var response = await _firewall.Client.SendAsync(GitHub(FirewallTestBase.UniqueBody()));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        _upstream = await RecordingUpstream.StartAsync(_port);
        _upstream.Respond = _ => (400, "bad payload");
        Assert.True(await Eventually.HoldsAsync(async () => (await EntriesAsync(_firewall.ManagementClient, "?state=dead")).Count == 1));

        Assert.True(await Eventually.HoldsAsync(async () => (await EntriesAsync(_firewall.ManagementClient)).Count == 0, TimeSpan.FromSeconds(15)));
    }
}
