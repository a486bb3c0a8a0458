using System.Diagnostics;

namespace WebhookFirewall.Tests;

/// <summary>
/// The real binary's log output (JSON console, one line per entry): a structured line per rejection, and never a
/// secret, a signature, an expected signature or a payload — reload errors included.
/// </summary>
public sealed class LogSafetyTests
{
    private const string Secret = "log-test-secret-value-9f8e7d";
    private const string PayloadMarker = "PAYLOAD-MARKER-5a4b3c";

    [Fact]
    public async Task Rejections_are_logged_one_line_each_without_secrets_signatures_or_payloads()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        using var directory = new TempDirectory();
        var config = new FirewallConfig()
            .Route("gh", "/gh", "github")
            .Policy("github", new { Provider = "github", Secrets = new[] { Secret } });
        var configPath = directory.Write("firewall.json", config.ToJson(upstream.Address));
        var port = RedisServer.FreePort();
        using var process = StartFirewall(configPath, port);
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { output.Enqueue(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { output.Enqueue(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            Assert.True(await Eventually.HoldsAsync(async () => await Answers(client)), string.Join('\n', output));
            var body = Encoding.UTF8.GetBytes($"{{\"secret_data\":\"{PayloadMarker}\"}}");
            var presented = Sign.GitHub("attacker-guess", body);
            var expected = Sign.GitHub(Secret, body);
            using var request = new HttpRequestMessage(HttpMethod.Post, "/gh") { Content = new ByteArrayContent(body) };
            request.Headers.Add("X-Hub-Signature-256", presented);
            request.Headers.Add("X-GitHub-Delivery", "delivery-42");
            using var rejected = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, rejected.StatusCode);

            // A broken reload whose file carries the secret: the problems are logged, the secret is not.
            await File.WriteAllTextAsync(configPath, new FirewallConfig()
                .Route("gh", "/gh", "github")
                .Policy("github", new { Provider = "githubx", Secrets = new[] { Secret } })
                .ToJson(upstream.Address));
            Assert.True(await Eventually.HoldsAsync(() => Task.FromResult(output.Any(l => l.Contains("githubx", StringComparison.Ordinal)))), string.Join('\n', output));

            var lines = output.ToArray();
            var rejection = Assert.Single(lines, l => l.Contains("Rejected webhook", StringComparison.Ordinal));
            using var entry = JsonDocument.Parse(rejection);
            var state = entry.RootElement.GetProperty("State");
            Assert.Equal("gh", state.GetProperty("Route").GetString());
            Assert.Equal("github", state.GetProperty("Policy").GetString());
            Assert.Equal("invalid_signature", state.GetProperty("Code").GetString());
            Assert.Equal("delivery-42", state.GetProperty("DeliveryId").GetString());
            Assert.Equal("127.0.0.1", state.GetProperty("RemoteAddress").GetString());
            var all = string.Join('\n', lines);
            Assert.DoesNotContain(Secret, all, StringComparison.Ordinal);
            Assert.DoesNotContain(PayloadMarker, all, StringComparison.Ordinal);
            Assert.DoesNotContain(presented["sha256=".Length..], all, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(expected["sha256=".Length..], all, StringComparison.OrdinalIgnoreCase);
            Assert.All(lines.Where(l => l.StartsWith('{')), l => JsonDocument.Parse(l).Dispose());
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static async Task<bool> Answers(HttpClient client)
    {
        try
        {
            using var response = await client.GetAsync("/not-a-route");
            return true;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static Process StartFirewall(string configPath, int port)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "WebhookFirewall.dll"), "--config", configPath, "--urls", $"http://127.0.0.1:{port}", "--WebhookFirewall:ManagementUrl", "http://127.0.0.1:0" })
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start)!;
    }
}
