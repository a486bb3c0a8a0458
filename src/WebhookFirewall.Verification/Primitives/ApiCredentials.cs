namespace WebhookFirewall.Verification.Primitives;

/// <summary>
/// `ClientId` and the one secret a provider's key API is called with (plaid, ebay): credentials of the firewall's
/// own, never a signing key, so a rotation replaces the secret rather than lists two.
/// </summary>
internal sealed record ApiCredentials(string ClientId, string Secret)
{
    public static ApiCredentials Read(ProviderSettings settings, string provider, ICollection<SettingProblem> problems)
    {
        if (settings.Secrets.Count > 1)
        {
            problems.Add(new SettingProblem("Secrets:1", $"{provider} takes one secret, the one its key API is called with: replace it to rotate"));
        }

        return new ApiCredentials(settings.ClientId ?? string.Empty, settings.Secrets.Count > 0 ? settings.Secrets[0] : string.Empty);
    }
}
