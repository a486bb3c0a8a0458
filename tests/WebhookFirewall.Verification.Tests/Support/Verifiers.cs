using WebhookFirewall.Verification;
using WebhookFirewall.Verification.Providers;

namespace WebhookFirewall.Verification.Tests.Support;

/// <summary>
/// Builds verifiers the way the host does: through the catalogue, which must report no problem, with the tests' own
/// environment (fetched keys come from <see cref="TestEnvironment.Keys"/>).
/// </summary>
public static class Verifiers
{
    public static IWebhookVerifier Create(string provider, params string[] secrets) =>
        Create(provider, new ProviderSettings { Secrets = secrets });

    public static IWebhookVerifier Create(string provider, ProviderSettings settings)
    {
        var problems = new List<SettingProblem>();
        var verifier = ProviderCatalogue.Create(provider, settings, problems, TestEnvironment.Shared);
        Assert.True(problems.Count == 0, $"unexpected setting problems: {string.Join("; ", problems)}");
        Assert.NotNull(verifier);
        Assert.Equal(provider, verifier.Provider);
        return verifier;
    }

    /// <summary>The problems the catalogue reports for settings that must be refused (and no verifier).</summary>
    public static List<SettingProblem> Problems(string provider, ProviderSettings settings)
    {
        var problems = new List<SettingProblem>();
        var verifier = ProviderCatalogue.Create(provider, settings, problems, TestEnvironment.Shared);
        Assert.Null(verifier);
        Assert.NotEmpty(problems);
        return problems;
    }
}
