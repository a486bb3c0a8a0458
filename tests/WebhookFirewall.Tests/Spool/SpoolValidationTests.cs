using WebhookFirewall.Hosting;
using static WebhookFirewall.Tests.Spool.SpoolFixture;

namespace WebhookFirewall.Tests.Spool;

/// <summary>Which policies may spool, and what `validate` says about the rest (errors refuse; warnings only tell).</summary>
public sealed class SpoolValidationTests : IDisposable
{
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public void A_provider_whose_answer_carries_the_backends_reply_cannot_spool()
    {
        var problems = Problems(new FirewallConfig()
            .Route("twilio", "/webhooks/twilio", "twilio")
            .Policy("twilio", new { Provider = "twilio", Secrets = new[] { "auth-token" }, PublicUrl = "https://hooks.example.com/webhooks/twilio", Delivery = FastSpool() }));

        var problem = Assert.Single(problems);
        Assert.StartsWith("WebhookFirewall:Policies:twilio:Delivery:OnUpstreamFailure:", problem, StringComparison.Ordinal);
        Assert.Contains("cannot be spooled", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Spooling_without_a_claim_is_refused_and_so_are_unknown_keys_and_values()
    {
        var problems = Problems(new FirewallConfig()
            .Route("github", "/webhooks/github", "github")
            .Policy("github", new
            {
                Provider = "github",
                Secrets = new[] { "s" },
                Idempotency = new { Enabled = false },
                Delivery = new { OnUpstreamFailure = "Spool", RetryOn = new[] { "connect", "4xx" }, Backoff = new { First = "00:10:00", Max = "00:01:00" }, Retries = 3 },
            }));

        Assert.Contains(problems, p => p.StartsWith("WebhookFirewall:Policies:github:Delivery:OnUpstreamFailure:", StringComparison.Ordinal) && p.Contains("Idempotency:Enabled", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("WebhookFirewall:Policies:github:Delivery:RetryOn:1:", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("WebhookFirewall:Policies:github:Delivery:Backoff:First:", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("WebhookFirewall:Policies:github:Delivery:Retries:", StringComparison.Ordinal));
    }

    [Fact]
    public void A_lease_no_longer_than_one_redelivery_is_refused()
    {
        var problems = Problems(new FirewallConfig()
            .Route("github", "/webhooks/github", "github")
            .Policy("github", new { Provider = "github", Secrets = new[] { "s" }, Delivery = FastSpool() })
            .Cluster("HttpRequest", new { ActivityTimeout = "00:00:10" })
            .Setting("Spool", new { Path = Path.Combine(_data.Path, "spool.db"), Lease = "00:00:25" }));

        var problem = Assert.Single(problems);
        Assert.StartsWith("WebhookFirewall:Spool:Lease:", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_warns_and_still_succeeds_when_a_spooling_policy_signs_a_timestamp_without_a_forward_signature_or_waits_long()
    {
        var config = _data.Write("firewall.json", new FirewallConfig()
            .Route("stripe", "/webhooks/stripe", "stripe")
            .Policy("stripe", new { Provider = "stripe", Secrets = new[] { FirewallTestBase.StripeSecret }, Delivery = FastSpool() })
            .Setting("Spool", new { Path = Path.Combine(_data.Path, "spool.db") })
            .ToJson(new Uri("http://127.0.0.1:9/")));

        var (exit, stdout, stderr) = await FirewallProcess.RunAsync(["validate", "--config", config]);

        Assert.Equal(0, exit);
        Assert.Contains("route stripe:", stdout, StringComparison.Ordinal);
        Assert.Contains("warning: WebhookFirewall:Policies:stripe:ForwardSignature:", stderr, StringComparison.Ordinal);
        Assert.Contains("warning: ReverseProxy:Clusters:upstream:HttpRequest:ActivityTimeout:", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_data.Path, "spool.db")), "validate must not create the spool");
    }

    [Fact]
    public void A_config_that_never_spools_creates_no_spool_and_has_no_warnings()
    {
        var build = FirewallApplication.Build(Args(new FirewallConfig()
            .Route("github", "/webhooks/github", "github")
            .Policy("github", new { Provider = "github", Secrets = new[] { "s" } })));

        Assert.True(build.Succeeded);
        Assert.Empty(build.Warnings);
    }

    private List<string> Problems(FirewallConfig config)
    {
        var build = FirewallApplication.Build(Args(config));
        return [.. build.Problems.Select(p => p.ToString())];
    }

    private string[] Args(FirewallConfig config) =>
        ["--config", _data.Write($"firewall-{Guid.NewGuid():N}.json", config.ToJson(new Uri("http://127.0.0.1:9/"))), "--WebhookFirewall:ManagementUrl", ""];
}
