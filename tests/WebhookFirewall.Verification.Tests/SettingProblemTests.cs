using WebhookFirewall.Verification.Providers;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests;

/// <summary>Every refused setting is reported with the key the operator has to fix, and no verifier is built.</summary>
public sealed class SettingProblemTests
{
    private static readonly string[] Secrets = ["s3cret"];

    public static TheoryData<string, ProviderSettings, string> Refused => new()
    {
        { "not-a-provider", new ProviderSettings { Secrets = Secrets }, "Provider" },
        { "GitHub", new ProviderSettings { Secrets = Secrets }, "Provider" },
        { "github", new ProviderSettings(), "Secrets" },
        { "stripe", new ProviderSettings { Secrets = ["ok", ""] }, "Secrets:1" },
        { "meta", new ProviderSettings { Secrets = Secrets }, "VerifyToken" },
        { "meta", new ProviderSettings { Secrets = Secrets, VerifyToken = "  " }, "VerifyToken" },
        { "generic-hmac", new ProviderSettings { Secrets = Secrets }, "Header" },
        { "generic-hmac", new ProviderSettings { Secrets = Secrets, Header = "X-Sig", Algorithm = "md5" }, "Algorithm" },
        { "generic-hmac", new ProviderSettings { Secrets = Secrets, Header = "X-Sig", Encoding = "base32" }, "Encoding" },
        { "generic-hmac", new ProviderSettings { Secrets = Secrets, Header = "X-Sig", SignedContent = "{timestamp}", TimestampHeader = "X-Ts" }, "SignedContent" },
        { "generic-hmac", new ProviderSettings { Secrets = Secrets, Header = "X-Sig", SignedContent = "{nonce}.{body}" }, "SignedContent" },
        { "generic-hmac", new ProviderSettings { Secrets = Secrets, Header = "X-Sig", SignedContent = "{body" }, "SignedContent" },
        { "generic-hmac", new ProviderSettings { Secrets = Secrets, Header = "X-Sig", SignedContent = "{timestamp}.{body}" }, "TimestampHeader" },
        { "generic-hmac", new ProviderSettings { Secrets = Secrets, Header = "X-Sig", TimestampHeader = "X-Ts" }, "SignedContent" },
        { "generic-hmac", new ProviderSettings { Secrets = Secrets, Header = "X-Sig", SignedContent = "{id}.{body}" }, "SignedContent" },
        { "generic-hmac", new ProviderSettings { Secrets = Secrets, Header = "X-Sig", SignedContent = "{url}{body}" }, "SignedContent" },
        { "token", new ProviderSettings { Secrets = Secrets }, "Header" },
        { "standard-webhooks", new ProviderSettings { Secrets = ["whsec_not*base64"] }, "Secrets:0" },
        { "standard-webhooks", new ProviderSettings { Secrets = ["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "whsec_"] }, "Secrets:1" },
        { "svix", new ProviderSettings { Secrets = ["whsec_%%%%"] }, "Secrets:0" },
        { "slack", new ProviderSettings { Secrets = Secrets, ReplayWindow = TimeSpan.Zero }, "ReplayWindow" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void Refused_setting_is_reported_under_its_key(string provider, ProviderSettings settings, string key)
    {
        var problems = Verifiers.Problems(provider, settings);
        Assert.Contains(problems, p => p.Key == key);
        Assert.All(problems, p => Assert.False(string.IsNullOrWhiteSpace(p.Message)));
    }

    [Fact]
    public void Every_problem_of_one_policy_is_listed_at_once()
    {
        var problems = Verifiers.Problems("generic-hmac", new ProviderSettings { Secrets = Secrets, Algorithm = "md5", Encoding = "base32" });
        Assert.Equal(["Algorithm", "Encoding", "Header"], problems.Select(p => p.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Problem_messages_never_echo_a_secret()
    {
        var problems = Verifiers.Problems("standard-webhooks", new ProviderSettings { Secrets = ["whsec_sup3r*secret"] });
        Assert.DoesNotContain(problems, p => p.Message.Contains("sup3r", StringComparison.Ordinal));
    }

    [Fact]
    public void Catalogue_lists_providers_by_lowercase_contract_names_with_a_summary()
    {
        Assert.All(ProviderCatalogue.All, d =>
        {
            Assert.Matches("^[a-z][a-z0-9-]*$", d.Name);
            Assert.False(string.IsNullOrWhiteSpace(d.Summary));
        });
        Assert.Equal(ProviderCatalogue.All.Select(d => d.Name).Order(StringComparer.Ordinal), ProviderCatalogue.All.Select(d => d.Name));
    }
}
