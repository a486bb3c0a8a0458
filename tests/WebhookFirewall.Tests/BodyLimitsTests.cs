using System.Diagnostics;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;

namespace WebhookFirewall.Tests;

/// <summary>
/// The limits that hold before a body is authenticated: the whole body within the policy's BodyTimeout, a body that
/// cannot be read answered rather than escaping, and one budget of buffered bytes across all requests so that many
/// slow senders cannot hold the memory of the process. Nothing refused reaches the upstream.
/// </summary>
public sealed class BodyLimitsTests : FirewallTestBase
{
    private const int Budget = 4096;

    protected override FirewallConfig Configure(FirewallConfig config) => config
        .Route("slow", "/webhooks/slow", "slow")
        .Policy("slow", new { Provider = "github", Secrets = new[] { GitHubSecret }, BodyTimeout = "00:00:01" })
        .Setting("Limits", new { MaxBufferedBytes = Budget });

    [Fact]
    public async Task A_body_that_does_not_arrive_within_BodyTimeout_is_answered_408()
    {
        var started = Stopwatch.StartNew();
        using var response = await RawHttp.SendAsync(Firewall.Address, "POST /webhooks/slow HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\n", new byte[10]);

        Assert.Equal(408, response.Status);
        Assert.Equal("body_timeout", await response.ProblemCodeAsync());
        Assert.InRange(started.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(10));
        Assert.Empty(Upstream.Received);
    }

    [Fact]
    public async Task A_body_with_broken_chunked_framing_is_answered_400_malformed_body()
    {
        // On the small-limit route: a chunked body's first buffer (up to its limit) fits this test's small budget.
        using var response = await RawHttp.SendAsync(Firewall.Address, "POST /webhooks/small HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n", "zz\r\nabc\r\n0\r\n\r\n"u8.ToArray());

        Assert.Equal(400, response.Status);
        Assert.Equal("malformed_body", await response.ProblemCodeAsync());
        Assert.Empty(Upstream.Received);
    }

    [Fact]
    public async Task Bodies_beyond_the_buffer_budget_are_answered_503_server_busy_and_the_held_one_still_completes()
    {
        // A declared length is taken from the budget before a byte is read: a sender that announces 3000 bytes and
        // sends 100 holds 3000 until it finishes or times out.
        var held = UniqueBodyOf(3000);
        using var slow = new TcpClient();
        await slow.ConnectAsync(Firewall.Address.Host, Firewall.Address.Port);
        var slowStream = slow.GetStream();
        await slowStream.WriteAsync(Encoding.ASCII.GetBytes(
            $"POST /webhooks/github HTTP/1.1\r\nHost: t\r\nContent-Length: {held.Length}\r\nX-GitHub-Delivery: {Guid.NewGuid()}\r\nX-Hub-Signature-256: {Sign.GitHub(GitHubSecret, held)}\r\n\r\n"));
        await slowStream.WriteAsync(held.AsMemory(0, 100));
        await WaitUntilBufferingAsync();

        var refusedBody = UniqueBodyOf(3000);
        using var refused = await Client.SendAsync(GitHubDelivery(refusedBody));
        var fitsBody = UniqueBodyOf(1000);
        using var fits = await Client.SendAsync(GitHubDelivery(fitsBody));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("server_busy", await ProblemCodeAsync(refused));
        Assert.Equal("1", refused.Headers.GetValues("Retry-After").Single());
        Assert.Equal(HttpStatusCode.OK, fits.StatusCode);

        await slowStream.WriteAsync(held.AsMemory(100));
        var reader = new StreamReader(slowStream, Encoding.ASCII);
        Assert.Equal("HTTP/1.1 200 OK", await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(15)));
        Assert.Equal([fitsBody, held], Upstream.Received.Select(r => r.Body).ToArray());
    }

    /// <summary>The held request has been routed and is reading its body once the budget no longer has room for 3000 bytes.</summary>
    private async Task WaitUntilBufferingAsync()
    {
        var budget = Firewall.Services.GetRequiredService<WebhookFirewall.Pipeline.BufferBudget>();
        var deadline = Stopwatch.StartNew();
        while (budget.Buffered < 3000 && deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(20);
        }

        Assert.True(budget.Buffered >= 3000, "the held request never started buffering");
    }

    private static byte[] UniqueBodyOf(int length)
    {
        var body = Enumerable.Repeat((byte)' ', length).ToArray();
        var json = Encoding.UTF8.GetBytes($$"""{"id":"{{Guid.NewGuid():N}}"}""");
        json.CopyTo(body, 0);
        return body;
    }
}
