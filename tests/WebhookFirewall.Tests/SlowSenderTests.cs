using System.Net.Sockets;

namespace WebhookFirewall.Tests;

/// <summary>Slow senders are cut off by Kestrel's limits without ever tying up the upstream.</summary>
public sealed class SlowSenderTests : FirewallTestBase
{
    // Tight limits so the test runs in seconds; production defaults are 10 s and 240 B/s after 5 s.
    protected override FirewallConfig Configure(FirewallConfig config) => config
        .TopLevel("Kestrel", new { Limits = new { RequestHeadersTimeout = "00:00:01", MinRequestBodyDataRate = new { BytesPerSecond = 1000, GracePeriod = "00:00:02" } } });

    [Fact]
    public void An_unusable_kestrel_limit_is_a_startup_problem_not_a_crash()
    {
        var config = StandardConfig().TopLevel("Kestrel", new { Limits = new { MinRequestBodyDataRate = new { BytesPerSecond = 10, GracePeriod = "00:00:00.5" } } });
        using var directory = new TempDirectory();

        var build = WebhookFirewall.Hosting.FirewallApplication.Build(["--config", directory.Write("f.json", config.ToJson(Upstream.Address)), "--urls", "http://127.0.0.1:0"]);

        Assert.Contains(build.Problems, p => p.Path == "Kestrel:Limits" && p.Message.Contains("grace period", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Headers_trickled_byte_by_byte_are_cut_off()
    {
        using var client = new TcpClient();
        await client.ConnectAsync(Firewall.Address.Host, Firewall.Address.Port);
        var stream = client.GetStream();

        var cutOff = await TrickleAsync(stream, Encoding.ASCII.GetBytes("POST /webhooks/github HTTP/1.1\r\nHost: t\r\nX-Slow: " + new string('a', 200)), TimeSpan.FromMilliseconds(100));

        Assert.True(cutOff, "the connection stayed open");
        Assert.Empty(Upstream.Received);
    }

    [Fact]
    public async Task A_body_trickled_below_the_minimum_rate_is_cut_off_before_the_upstream_sees_it()
    {
        var body = new byte[20_000];
        using var client = new TcpClient();
        await client.ConnectAsync(Firewall.Address.Host, Firewall.Address.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"POST /webhooks/github HTTP/1.1\r\nHost: t\r\nX-Hub-Signature-256: {Sign.GitHub(GitHubSecret, body)}\r\nContent-Length: {body.Length}\r\n\r\n"));

        var cutOff = await TrickleAsync(stream, body, TimeSpan.FromMilliseconds(100));

        Assert.True(cutOff, "the connection stayed open");
        Assert.Empty(Upstream.Received);
    }

    /// <summary>Sends one byte at a time; true once the server answers, closes or resets the connection (within 15 s).</summary>
    private static async Task<bool> TrickleAsync(NetworkStream stream, byte[] data, TimeSpan pause)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        var serverSpoke = stream.ReadAsync(new byte[1024]).AsTask();
        foreach (var b in data)
        {
            if (serverSpoke.IsCompleted)
            {
                return true; // an answer (408/400) or end of stream: cut off before the request was complete
            }

            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            try
            {
                await stream.WriteAsync(new[] { b });
            }
            catch (IOException)
            {
                return true;
            }

            await Task.WhenAny(serverSpoke, Task.Delay(pause));
        }

        return serverSpoke.IsCompleted;
    }
}
