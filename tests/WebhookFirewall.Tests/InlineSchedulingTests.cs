using System.Net;
using System.Text;
using WebhookFirewall.Tests.Infrastructure;

namespace WebhookFirewall.Tests;

/// <summary>
/// The threading model the image ships with (`DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1`, which turns Kestrel's
/// inline scheduling on with it): requests run on the socket engine's threads. The real binary, started with that
/// environment, serves many deliveries at once, each exactly once, including to an upstream that takes its time —
/// nothing on the request path may block one of those few threads.
/// </summary>
public sealed class InlineSchedulingTests : IAsyncLifetime
{
    private const int Deliveries = 64;

    private readonly TempDirectory _directory = new();
    private RecordingUpstream? _upstream;
    private BackgroundFirewall? _firewall;
    private Uri _address = null!;

    public async Task InitializeAsync()
    {
        _upstream = await RecordingUpstream.StartAsync();
        // Slow enough that every delivery is in flight at once on the firewall's engine threads.
        _upstream.Delay = TimeSpan.FromMilliseconds(200);
        var config = _directory.Write("firewall.json", FirewallTestBase.StandardConfig().ToJson(_upstream.Address));
        var port = RedisServer.FreePort();
        var management = new Uri($"http://127.0.0.1:{RedisServer.FreePort()}");
        _address = new Uri($"http://127.0.0.1:{port}");
        _firewall = FirewallProcess.Start(
            ["--config", config, "--urls", _address.ToString(), "--WebhookFirewall:ManagementUrl", management.ToString()],
            new Dictionary<string, string> { ["DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS"] = "1" });
        await _firewall.WaitUntilServingAsync(management, _address);
    }

    public async Task DisposeAsync()
    {
        if (_firewall is not null)
        {
            await _firewall.DisposeAsync();
        }

        if (_upstream is not null)
        {
            await _upstream.DisposeAsync();
        }

        _directory.Dispose();
    }

    [Fact]
    public async Task Concurrent_deliveries_to_a_slow_upstream_are_each_forwarded_once()
    {
        using var client = new HttpClient { BaseAddress = _address, Timeout = TimeSpan.FromSeconds(30) };
        var bodies = Enumerable.Range(0, Deliveries).Select(i => Encoding.UTF8.GetBytes($"{{\"inline\":{i},\"id\":\"{Guid.NewGuid()}\"}}")).ToArray();

        var started = DateTime.UtcNow;
        var answers = await Task.WhenAll(bodies.Select(async body =>
        {
            using var response = await client.SendAsync(FirewallTestBase.GitHubDeliveryFor(body, Guid.NewGuid().ToString()));
            return response.StatusCode;
        }));
        var took = DateTime.UtcNow - started;

        Assert.All(answers, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Equal(Deliveries, _upstream!.Received.Count);
        foreach (var body in bodies)
        {
            Assert.Single(_upstream.Received, r => r.Body.AsSpan().SequenceEqual(body));
        }

        // 64 deliveries of 200 ms each, one after the other, would take 12.8 s: they waited on the upstream together.
        Assert.True(took < TimeSpan.FromSeconds(8), $"took {took}");
    }
}
