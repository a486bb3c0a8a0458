namespace WebhookFirewall.Verification.Primitives;

/// <summary>`Environment` (paypal, plaid, ebay): which of the provider's hosts apply, `production` (the default) or `sandbox`.</summary>
internal static class EnvironmentSetting
{
    /// <summary>True for sandbox, false for production or unset; a problem for anything else.</summary>
    public static bool IsSandbox(string? environment, ICollection<SettingProblem> problems)
    {
        if (environment is null || string.Equals(environment, "production", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (string.Equals(environment, "sandbox", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        problems.Add(new SettingProblem("Environment", "must be production (the default) or sandbox"));
        return false;
    }
}
