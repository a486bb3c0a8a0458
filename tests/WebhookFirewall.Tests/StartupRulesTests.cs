using WebhookFirewall.Hosting;

namespace WebhookFirewall.Tests;

/// <summary>
/// Settings that cannot silently weaken a policy: each is refused at start-up with a problem line naming its path —
/// through the real binary where start-up itself is the subject (exit code 2, no stack trace, no secret echoed).
/// </summary>
public sealed class StartupRulesTests
{
    private static readonly Uri Upstream = new("http://127.0.0.1:9/");

    [Theory]
    [InlineData("a trailing newline", "github", "current-secret\n", "Secrets:0", "ends with a newline")]
    [InlineData("a leading space", "github", " current-secret", "Secrets:0", "starts with whitespace")]
    [InlineData("an empty decoded key", "standard-webhooks", "whsec_", "Secrets:0", "decodes to an empty key")]
    [InlineData("a whitespace key", "standard-webhooks", "whsec_ ", "Secrets:0", "ends with whitespace")]
    public void A_secret_that_would_weaken_its_policy_is_refused(string scenario, string provider, string secret, string key, string message)
    {
        _ = scenario;
        var problems = Problems(new FirewallConfig().Route("r", "/hook", "p").Policy("p", new { Provider = provider, Secrets = new[] { secret } }));

        Assert.Contains(problems, p => p.StartsWith($"WebhookFirewall:Policies:p:{key}: ", StringComparison.Ordinal) && p.Contains(message, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("05:00")]
    [InlineData("5")]
    [InlineData("00:05")]
    [InlineData("25:00:00")]
    [InlineData("1.5:00:00:00")]
    public void A_timespan_not_written_hh_mm_ss_is_refused(string window)
    {
        var problems = Problems(new FirewallConfig().Route("r", "/hook", "p").Policy("p", new { Provider = "slack", Secrets = new[] { "s" }, ReplayWindow = window }));

        Assert.Contains(problems, p => p.StartsWith("WebhookFirewall:Policies:p:ReplayWindow: ", StringComparison.Ordinal) && p.Contains("hh:mm:ss", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("ReplayWindow", "1.00:00:01")]
    [InlineData("Ttl", "366.00:00:00")]
    public void A_window_or_record_longer_than_its_cap_is_refused(string key, string value)
    {
        object policy = key == "Ttl"
            ? new { Provider = "slack", Secrets = new[] { "s" }, Idempotency = new { Ttl = value } }
            : new { Provider = "slack", Secrets = new[] { "s" }, ReplayWindow = value };
        var problems = Problems(new FirewallConfig().Route("r", "/hook", "p").Policy("p", policy));

        Assert.Contains(problems, p => p.Contains($":{key}: ", StringComparison.Ordinal) && p.Contains("longer than", StringComparison.Ordinal));
    }

    [Fact]
    public void A_lease_longer_than_a_day_is_refused()
    {
        var config = new FirewallConfig().Route("r", "/hook", "p").Policy("p", new { Provider = "github", Secrets = new[] { "s" } })
            .Setting("Idempotency", new { Lease = "1.00:00:01" });

        Assert.Contains(Problems(config), p => p.StartsWith("WebhookFirewall:Idempotency:Lease: ", StringComparison.Ordinal) && p.Contains("longer than", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Default")]
    [InlineData("disable")]
    public void A_rate_limit_definition_under_a_reserved_name_is_refused(string name)
    {
        var config = new FirewallConfig().Route("r", "/hook", "p", rateLimiterPolicy: name).Policy("p", new { Provider = "github", Secrets = new[] { "s" } })
            .Setting("RateLimiting", new { Policies = new Dictionary<string, object> { [name] = new { Kind = "FixedWindow", PermitLimit = 1, Window = "00:01:00" } } });

        Assert.Contains(Problems(config), p => p.StartsWith($"WebhookFirewall:RateLimiting:Policies:{name}: ", StringComparison.Ordinal) && p.Contains("reserved", StringComparison.Ordinal));
    }

    [Fact]
    public void A_setting_the_provider_does_not_use_is_refused()
    {
        var policy = new { Provider = "github", Secrets = new[] { "s" }, Algorithm = "sha1", Header = "X-Sig", PublicUrl = "https://a.example/x", SignedContent = "{body}" };

        var problems = Problems(new FirewallConfig().Route("r", "/hook", "p").Policy("p", policy));

        foreach (var key in (string[])["Algorithm", "Header", "PublicUrl", "SignedContent"])
        {
            Assert.Contains(problems, p => p == $"WebhookFirewall:Policies:p:{key}: policy 'p': provider 'github' does not use this setting");
        }
    }

    [Theory]
    [InlineData("http://example.com:9090", "not an IP address or localhost")]
    [InlineData("http://127.0.0.1", "names no port")]
    [InlineData("ftp://127.0.0.1:9090", "not http(s)://")]
    [InlineData("http://127.0.0.1:9090/metrics", "not http(s)://")]
    public async Task A_management_url_that_is_not_an_address_and_a_port_exits_2(string url, string message)
    {
        var (exitCode, _, stderr) = await RunAsync(ValidConfig(), ["--WebhookFirewall:ManagementUrl", url]);

        Assert.Equal(2, exitCode);
        Assert.Contains($"WebhookFirewall:ManagementUrl: ", stderr, StringComparison.Ordinal);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://0.0.0.0:0")]
    [InlineData("http://[::1]:0")]
    [InlineData("http://localhost:0")]
    public void Management_urls_that_say_where_they_listen_are_accepted(string url)
    {
        using var directory = new TempDirectory();
        var path = directory.Write("firewall.json", ValidConfig());
        var build = FirewallApplication.Build(["--config", path, "--urls", "http://127.0.0.1:0", "--WebhookFirewall:ManagementUrl", url]);

        Assert.True(build.Succeeded, string.Join(Environment.NewLine, build.Problems));
    }

    [Fact]
    public async Task Serve_without_a_config_exits_2_and_never_serves_the_sample()
    {
        // The working directory holds no config/firewall.json: the sample beside the binary must not be served.
        var (exitCode, stdout, stderr) = await FirewallProcess.RunAsync(["--urls", "http://127.0.0.1:0", "--WebhookFirewall:ManagementUrl", "http://127.0.0.1:0"]);

        Assert.Equal(2, exitCode);
        Assert.Contains("no configuration: pass --config FILE", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("serve")]
    [InlineData("validate")]
    public async Task An_unparsable_redis_connection_string_exits_2_without_echoing_it(string verb)
    {
        var config = new FirewallConfig().Route("r", "/hook", "p").Policy("p", new { Provider = "github", Secrets = new[] { "s" } })
            .Setting("Idempotency", new { Store = "Redis" })
            .TopLevel("ConnectionStrings", new { Redis = "127.0.0.1:6379,password=hunter2-secret,ssl=perhaps" })
            .ToJson(Upstream);
        string[] args = verb == "serve" ? [] : ["validate"];

        var (exitCode, stdout, stderr) = await RunAsync(config, args);

        Assert.Equal(2, exitCode);
        Assert.Contains("ConnectionStrings:Redis: ", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2-secret", stdout + stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_prints_each_policys_replay_window_and_key()
    {
        var config = new FirewallConfig()
            .Route("slack", "/slack", "slack").Policy("slack", new { Provider = "slack", Secrets = new[] { "s" }, ReplayWindow = "00:01:00" })
            .Route("gh", "/gh", "github").Policy("github", new { Provider = "github", Secrets = new[] { "s" } })
            .ToJson(Upstream);

        var (exitCode, stdout, _) = await RunAsync(config, ["validate"]);

        Assert.Equal(0, exitCode);
        Assert.Contains("route slack: /slack -> cluster upstream, policy slack (provider slack, Enforce, max body 1048576 bytes, replay window 00:01:00 both ways", stdout, StringComparison.Ordinal);
        Assert.Contains("replay window not used (the provider signs no timestamp), keyed by content", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_warns_when_a_window_is_shorter_than_the_providers_retry_horizon()
    {
        const string topic = "arn:aws:sns:us-east-1:123456789012:orders";
        var config = new FirewallConfig()
            .Route("short", "/short", "short").Policy("short", new { Provider = "aws-sns", TopicArns = new[] { topic }, ReplayWindow = "00:05:00" })
            .Route("default", "/default", "default").Policy("default", new { Provider = "aws-sns", TopicArns = new[] { topic } })
            .ToJson(Upstream);

        var (exitCode, stdout, stderr) = await RunAsync(config, ["validate"]);

        Assert.True(exitCode == 0, stderr);
        Assert.Contains("warning: WebhookFirewall:Policies:short:ReplayWindow: policy 'short': its ReplayWindow 00:05:00 is shorter than aws-sns's retry horizon 01:00:00", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("policy 'default'", stderr, StringComparison.Ordinal);
        Assert.Contains("policy default (provider aws-sns, Enforce, max body 1048576 bytes, replay window 01:00:00 both ways", stdout, StringComparison.Ordinal);
    }

    private static string ValidConfig() => new FirewallConfig().Route("r", "/hook", "p").Policy("p", new { Provider = "github", Secrets = new[] { "s" } }).ToJson(Upstream);

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string config, string[] args)
    {
        using var directory = new TempDirectory();
        var path = directory.Write("firewall.json", config);
        return await FirewallProcess.RunAsync([.. args, "--config", path, "--urls", "http://127.0.0.1:0"]);
    }

    private static List<string> Problems(FirewallConfig config)
    {
        using var directory = new TempDirectory();
        var path = directory.Write("firewall.json", config.ToJson(Upstream));
        var build = FirewallApplication.Build(["--config", path, "--urls", "http://127.0.0.1:0"]);
        Assert.False(build.Succeeded);
        return build.Problems.Select(p => p.ToString()).ToList();
    }
}
