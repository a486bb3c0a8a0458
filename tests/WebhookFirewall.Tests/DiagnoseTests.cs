namespace WebhookFirewall.Tests;

/// <summary>`diagnose` through the real binary: a captured request's outcome, code and reason, at a given time, and its exit code.</summary>
public sealed class DiagnoseTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly string _config;

    public DiagnoseTests()
    {
        _config = _directory.Write("firewall.json", FirewallTestBase.StandardConfig()
            .Route("listed", "/webhooks/listed", "listed")
            .Policy("listed", new { Provider = "github", Secrets = new[] { FirewallTestBase.GitHubSecret }, AllowedSources = new[] { "10.0.0.0/8" } })
            .Route("pubsub", "/webhooks/pubsub", "pubsub")
            .Policy("pubsub", new { Provider = "google-pubsub", Audience = "https://hooks.example.com/pubsub", ServiceAccountEmail = "push@p.iam.gserviceaccount.com", KeyEndpoint = "http://127.0.0.1:9/certs" })
            .ToJson(new Uri("http://127.0.0.1:9/")));
    }

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData("\r\n")]
    [InlineData("\n")]
    public async Task A_valid_github_delivery_would_be_forwarded(string newline)
    {
        var body = "{\"zen\":\"Design for failure.\"}"u8.ToArray();
        var file = Capture(newline, "POST /webhooks/github HTTP/1.1", body, "Host: hooks.example.com", "X-GitHub-Event: push", "X-GitHub-Delivery: d-1", "X-Hub-Signature-256: " + Sign.GitHub(FirewallTestBase.GitHubSecret, body));

        var (exit, stdout, stderr) = await DiagnoseAsync("--route", "github", "--request-file", file);

        Assert.True(exit == 0, stdout + stderr);
        Assert.Contains("outcome: forwarded", stdout, StringComparison.Ordinal);
        Assert.Contains("Delivery id: d-1", stdout, StringComparison.Ordinal);
        Assert.Contains("Verified with secret 0.", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_signature_would_be_rejected_with_its_code_and_reason()
    {
        var body = "{}"u8.ToArray();
        var file = Capture("\r\n", "POST /webhooks/github HTTP/1.1", body, "X-GitHub-Delivery: d-2", "X-Hub-Signature-256: " + Sign.GitHub("wrong", body));

        var (exit, stdout, _) = await DiagnoseAsync("--route", "github", "--request-file", file);

        Assert.Equal(1, exit);
        Assert.Contains("outcome: rejected", stdout, StringComparison.Ordinal);
        Assert.Contains("status:  401", stdout, StringComparison.Ordinal);
        Assert.Contains("code:    invalid_signature", stdout, StringComparison.Ordinal);
        Assert.Matches("reason:  .*secret", stdout);
        Assert.DoesNotContain(Sign.GitHub("wrong", body)["sha256=".Length..], stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(FirewallTestBase.GitHubSecret, stdout, StringComparison.Ordinal);
    }

    /// <summary>diagnose never fetches: a delivery whose key the firewall would fetch cannot be judged, and says so.</summary>
    [Fact]
    public async Task A_delivery_whose_key_would_be_fetched_cannot_be_told_offline()
    {
        static string Segment(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var token = string.Join('.',
            Segment("""{"alg":"RS256","kid":"0123456789abcdef","typ":"JWT"}"""),
            Segment($$"""{"iss":"https://accounts.google.com","aud":"https://hooks.example.com/pubsub","email":"push@p.iam.gserviceaccount.com","email_verified":true,"iat":{{now}},"exp":{{now + 3600}}}"""),
            Segment(new string('s', 256)));
        var body = """{"message":{"data":"e30=","messageId":"1"},"subscription":"projects/p/subscriptions/s"}"""u8.ToArray();
        var file = Capture("\r\n", "POST /webhooks/pubsub HTTP/1.1", body, "Authorization: Bearer " + token);

        var (exit, stdout, stderr) = await DiagnoseAsync("--route", "pubsub", "--request-file", file);

        Assert.True(exit == 3, stdout + stderr);
        Assert.Contains("key_unavailable (offline)", stdout, StringComparison.Ordinal);
        Assert.Contains("reason:  offline", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(token, stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_replay_window_is_judged_at_the_time_given()
    {
        var body = "{\"type\":\"ping\"}"u8.ToArray();
        const long Signed = 1_764_590_400; // 2025-12-01T12:00:00Z
        var file = Capture("\r\n", "POST /webhooks/standard HTTP/1.1", body, "webhook-id: msg_1", $"webhook-timestamp: {Signed}", "webhook-signature: " + Sign.StandardWebhooks(FirewallTestBase.StandardKey, "msg_1", Signed, body));

        var (inWindow, inStdout, _) = await DiagnoseAsync("--route", "standard", "--request-file", file, "--at", "2025-12-01T12:01:00Z");
        var (late, lateStdout, _) = await DiagnoseAsync("--route", "standard", "--request-file", file, "--at", (Signed + 3600).ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.True(inWindow == 0, inStdout);
        Assert.Contains("60 s before --at", inStdout, StringComparison.Ordinal);
        Assert.Equal(1, late);
        Assert.Contains("code:    timestamp_out_of_window", lateStdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_mode_allowed_sources_and_chunked_bodies_are_diagnosed_too()
    {
        var body = "{\"a\":1}"u8.ToArray();
        var chunked = Capture("\r\n", "POST /webhooks/report HTTP/1.1", Encoding.ASCII.GetBytes("3\r\n{\"a\r\n4\r\n\":1}\r\n0\r\n\r\n"), "Transfer-Encoding: chunked", "X-Hub-Signature-256: " + Sign.GitHub(FirewallTestBase.GitHubSecret, body));
        var unsigned = Capture("\r\n", "POST /webhooks/report HTTP/1.1", body);
        var listed = Capture("\r\n", "POST /webhooks/listed HTTP/1.1", body, "X-Hub-Signature-256: " + Sign.GitHub(FirewallTestBase.GitHubSecret, body));

        var (verified, verifiedOut, _) = await DiagnoseAsync("--route", "github-report", "--request-file", chunked);
        var (report, reportOut, _) = await DiagnoseAsync("--route", "github-report", "--request-file", unsigned);
        var (outside, outsideOut, _) = await DiagnoseAsync("--route", "listed", "--request-file", listed, "--client", "192.0.2.7");
        var (inside, insideOut, _) = await DiagnoseAsync("--route", "listed", "--request-file", listed, "--client", "10.1.2.3");

        Assert.True(verified == 0, verifiedOut);
        Assert.Equal(4, report);
        Assert.Contains("outcome: report_only", reportOut, StringComparison.Ordinal);
        Assert.Contains("code:    missing_signature", reportOut, StringComparison.Ordinal);
        Assert.Equal(1, outside);
        Assert.Contains("code:    source_not_allowed", outsideOut, StringComparison.Ordinal);
        Assert.True(inside == 0, insideOut);
    }

    [Fact]
    public async Task Unusable_input_exits_2_with_a_reason()
    {
        var garbage = _directory.Write("garbage.http", "not a request");
        var valid = Capture("\n", "POST /webhooks/github HTTP/1.1", []);

        var (noRoute, _, noRouteErr) = await DiagnoseAsync("--route", "nope", "--request-file", valid);
        var (bad, _, badErr) = await DiagnoseAsync("--route", "github", "--request-file", garbage);
        var (usage, _, usageErr) = await DiagnoseAsync("--route", "github");

        Assert.Equal(2, noRoute);
        Assert.Contains("No route 'nope'", noRouteErr, StringComparison.Ordinal);
        Assert.Equal(2, bad);
        Assert.Contains("request line", badErr, StringComparison.Ordinal);
        Assert.Equal(2, usage);
        Assert.Contains("usage: diagnose", usageErr, StringComparison.Ordinal);
    }

    private string Capture(string newline, string requestLine, byte[] body, params string[] headers)
    {
        var head = string.Join(newline, [requestLine, .. headers]) + newline + newline;
        return _directory.Write(Guid.NewGuid().ToString("N") + ".http", [.. Encoding.ASCII.GetBytes(head), .. body]);
    }

    private Task<(int ExitCode, string Stdout, string Stderr)> DiagnoseAsync(params string[] args) =>
        FirewallProcess.RunAsync(["diagnose", "--config", _config, .. args]);
}
