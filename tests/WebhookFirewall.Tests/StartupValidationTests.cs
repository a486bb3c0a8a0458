using WebhookFirewall.Hosting;

namespace WebhookFirewall.Tests;

/// <summary>A config the firewall cannot enforce never starts: every problem is listed with its config path.</summary>
public sealed class StartupValidationTests
{
    private static readonly Uri Upstream = new("http://127.0.0.1:9/");

    [Theory]
    [InlineData("unknown provider", "WebhookFirewall:Policies:p:Provider", "not a known provider")]
    [InlineData("no secret", "WebhookFirewall:Policies:p:Secrets", "needs at least one secret")]
    [InlineData("meta without verify token", "WebhookFirewall:Policies:p:VerifyToken", "needs VerifyToken")]
    [InlineData("bad replay window", "WebhookFirewall:Policies:p:ReplayWindow", "not a positive TimeSpan")]
    [InlineData("bad size", "WebhookFirewall:Policies:p:MaxBodyBytes", "not a size in bytes")]
    [InlineData("bad ttl", "WebhookFirewall:Policies:p:Idempotency:Ttl", "not a positive TimeSpan")]
    [InlineData("bad mode", "WebhookFirewall:Policies:p:Mode", "not Enforce or Report")]
    [InlineData("typo in a key", "WebhookFirewall:Policies:p:Secret", "not a known setting")]
    [InlineData("numeric mode", "WebhookFirewall:Policies:p:Mode", "not Enforce or Report")]
    [InlineData("bare number window", "WebhookFirewall:Policies:p:ReplayWindow", "not a positive TimeSpan")]
    public void A_broken_policy_is_refused_with_its_path(string scenario, string path, string message)
    {
        object policy = scenario switch
        {
            "unknown provider" => new { Provider = "githib", Secrets = new[] { "s" } },
            "no secret" => new { Provider = "github" },
            "meta without verify token" => new { Provider = "meta", Secrets = new[] { "s" } },
            "bad replay window" => new { Provider = "slack", Secrets = new[] { "s" }, ReplayWindow = "five minutes" },
            "bad size" => new { Provider = "github", Secrets = new[] { "s" }, MaxBodyBytes = "1MB" },
            "bad ttl" => new { Provider = "github", Secrets = new[] { "s" }, Idempotency = new { Ttl = "forever" } },
            "bad mode" => new { Provider = "github", Secrets = new[] { "s" }, Mode = "Audit" },
            // Enum.TryParse would accept "2" as an undefined mode that is neither enforced nor reported.
            "numeric mode" => new { Provider = "github", Secrets = new[] { "s" }, Mode = "2" },
            // TimeSpan.Parse reads "300" as 300 days, which would switch replay protection off in practice.
            "bare number window" => new { Provider = "slack", Secrets = new[] { "s" }, ReplayWindow = "300" },
            _ => new { Provider = "github", Secret = "s", Secrets = new[] { "s" } },
        };
        var config = new FirewallConfig().Route("r", "/hook", "p").Policy("p", policy);

        var problems = Problems(config);

        Assert.Contains(problems, p => p.StartsWith(path + ": ", StringComparison.Ordinal) && p.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void A_route_without_a_policy_is_refused()
    {
        var problems = Problems(new FirewallConfig().Route("bare", "/hook", policy: null));

        Assert.Contains(problems, p => p.StartsWith("ReverseProxy:Routes:bare:Metadata:WebhookPolicy: ", StringComparison.Ordinal) && p.Contains("names no webhook policy", StringComparison.Ordinal));
    }

    [Fact]
    public void A_route_naming_a_missing_policy_is_refused()
    {
        var problems = Problems(new FirewallConfig().Route("r", "/hook", "nope").Policy("p", new { Provider = "github", Secrets = new[] { "s" } }));

        Assert.Contains(problems, p => p.StartsWith("ReverseProxy:Routes:r:Metadata:WebhookPolicy: ", StringComparison.Ordinal) && p.Contains("'nope'", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_problem_is_listed_at_once()
    {
        var config = new FirewallConfig()
            .Route("a", "/a", "missing")
            .Route("b", "/b", null)
            .Policy("p", new { Provider = "nope" })
            .Policy("q", new { Provider = "github", ReplayWindow = "x" });

        var problems = Problems(config);

        Assert.True(problems.Count >= 4, string.Join(Environment.NewLine, problems));
        Assert.Contains(problems, p => p.StartsWith("ReverseProxy:Routes:a:", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("ReverseProxy:Routes:b:", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("WebhookFirewall:Policies:p:Provider", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("WebhookFirewall:Policies:q:", StringComparison.Ordinal));
    }

    [Fact]
    public void YARP_own_route_checks_are_part_of_the_same_validation()
    {
        var config = new FirewallConfig().Route("r", "/hook", "p").Policy("p", new { Provider = "github", Secrets = new[] { "s" } });
        var json = config.ToJson(Upstream).Replace("\"Path\": \"/hook\"", "\"Path\": \"/hook/{**a}/{**b}\"", StringComparison.Ordinal);

        var problems = Problems(json);

        Assert.Contains(problems, p => p.StartsWith("ReverseProxy:Routes:r", StringComparison.Ordinal));
    }

    [Fact]
    public void A_config_without_routes_is_refused()
    {
        var problems = Problems("{ \"ReverseProxy\": { \"Routes\": {}, \"Clusters\": {} } }");

        Assert.Contains(problems, p => p.StartsWith("ReverseProxy:Routes: ", StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_config_file_is_refused()
    {
        var build = FirewallApplication.Build(["--config", "/nonexistent/firewall.json"]);

        Assert.False(build.Succeeded);
        Assert.Contains("does not exist", Assert.Single(build.Problems).Message, StringComparison.Ordinal);
    }

    /// <summary>The catalogue as the binary lists it: every provider the library serves, once, sorted, then the count.</summary>
    [Fact]
    public async Task Validate_lists_every_provider_of_the_catalogue()
    {
        var (exitCode, stdout, stderr) = await FirewallProcess.RunAsync(["validate", "--providers"]);

        Assert.True(exitCode == 0, stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var names = lines[..^1].Select(line => line[..line.IndexOf(':', StringComparison.Ordinal)]).ToArray();
        var expected = WebhookFirewall.Verification.ProviderCatalogue.All.Select(p => p.Name).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(expected, names);
        Assert.Equal($"{expected.Length} providers", lines[^1]);
        Assert.Contains("aws-sns", names);
        Assert.Contains("requires TopicArns", lines.Single(l => l.StartsWith("aws-sns:", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_process_exits_2_printing_each_problem_on_its_own_line_without_a_stack_trace()
    {
        using var directory = new TempDirectory();
        var path = directory.Write("firewall.json", new FirewallConfig()
            .Route("a", "/a", "missing")
            .Policy("p", new { Provider = "nope", Secrets = new[] { "super-secret-value" } })
            .ToJson(Upstream));

        var (exitCode, stdout, stderr) = await FirewallProcess.RunAsync(["--config", path, "--urls", "http://127.0.0.1:0"]);

        Assert.Equal(2, exitCode);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains(lines, l => l.StartsWith("ReverseProxy:Routes:a:Metadata:WebhookPolicy: ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("WebhookFirewall:Policies:p:Provider: ", StringComparison.Ordinal));
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("super-secret-value", stdout + stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_environment_variable_supplies_a_secret_the_file_lacks()
    {
        using var directory = new TempDirectory();
        var path = directory.Write("firewall.json", new FirewallConfig()
            .Route("gh", "/gh", "github")
            .Policy("github", new { Provider = "github" })
            .ToJson(Upstream));

        var without = await FirewallProcess.RunAsync(["validate", "--config", path]);
        var with = await FirewallProcess.RunAsync(["validate", "--config", path], new Dictionary<string, string> { ["WebhookFirewall__Policies__github__Secrets__0"] = "from-the-environment" });

        Assert.Equal(2, without.ExitCode);
        Assert.Contains("WebhookFirewall:Policies:github:Secrets: ", without.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, with.ExitCode);
        Assert.Contains("route gh: /gh -> cluster upstream, policy github (provider github", with.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_environment_variable_overrides_the_same_key_in_the_file()
    {
        using var directory = new TempDirectory();
        var path = directory.Write("firewall.json", new FirewallConfig()
            .Route("gh", "/gh", "github")
            .Policy("github", new { Provider = "github", Secrets = new[] { "s" }, MaxBodyBytes = 1000 })
            .ToJson(Upstream));

        var result = await FirewallProcess.RunAsync(["validate", "--config", path], new Dictionary<string, string> { ["WebhookFirewall__Policies__github__MaxBodyBytes"] = "2000" });

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("max body 2000 bytes", result.Stdout, StringComparison.Ordinal);
    }

    private static List<string> Problems(FirewallConfig config) => Problems(config.ToJson(Upstream));

    private static List<string> Problems(string json)
    {
        using var directory = new TempDirectory();
        var path = directory.Write("firewall.json", json);
        var build = FirewallApplication.Build(["--config", path, "--urls", "http://127.0.0.1:0"]);
        Assert.False(build.Succeeded);
        return build.Problems.Select(p => p.ToString()).ToList();
    }
}
