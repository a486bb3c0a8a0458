using System.Collections.Frozen;

namespace WebhookFirewall.Verification.Providers;

/// <summary>Every provider the firewall verifies, by its contract name (lowercase).</summary>
public static class ProviderCatalogue
{
    private static readonly FrozenDictionary<string, ProviderDefinition> Definitions = new[]
    {
        GitHub.Definition,
        GitLab.Definition,
        Stripe.Definition,
        Slack.Definition,
        Meta.Definition,
        Telegram.Definition,
        Shopify.Definition,
        StandardWebhooks.StandardDefinition,
        StandardWebhooks.SvixDefinition,
        GenericHmac.Definition,
        Token.Definition,

        // HMAC presets and URL signers
        Bitbucket.Definition,
        Intercom.Definition,
        Jira.Definition,
        Razorpay.Definition,
        Typeform.Definition,
        Sentry.Definition,
        Vercel.Definition,
        CircleCi.Definition,
        Coinbase.Definition,
        Notion.Definition,
        PagerDuty.Definition,
        Paddle.Definition,
        Calendly.Definition,
        Linear.Definition,
        Zendesk.Definition,
        Mailgun.Definition,
        Twilio.Definition,
        Square.Definition,
        HubSpot.Definition,

        // keys and handshakes
        Discord.InteractionsDefinition,
        Discord.EventsDefinition,
        SendGrid.Definition,
        Zoom.Definition,
        Twitch.Definition,
        Okta.Definition,
        Dropbox.Definition,
        AzureEventGrid.Definition,
        Asana.Definition,
    }.ToFrozenDictionary(d => d.Name, StringComparer.Ordinal);

    public static IEnumerable<ProviderDefinition> All => Definitions.Values.OrderBy(d => d.Name, StringComparer.Ordinal);

    public static bool TryGet(string name, out ProviderDefinition definition) => Definitions.TryGetValue(name, out definition!);

    /// <summary>
    /// Builds the verifier for <paramref name="provider"/>, or returns null with every problem listed: an unknown
    /// provider, a missing secret / key / token / URL, or a setting the provider cannot use.
    /// </summary>
    public static IWebhookVerifier? Create(string provider, ProviderSettings settings, ICollection<SettingProblem> problems)
    {
        if (!Definitions.TryGetValue(provider, out var definition))
        {
            problems.Add(new SettingProblem("Provider", $"'{provider}' is not a known provider (known: {string.Join(", ", Definitions.Keys.Order(StringComparer.Ordinal))})"));
            return null;
        }

        var before = problems.Count;
        if (definition.NeedsSecrets)
        {
            if (settings.Secrets.Count == 0)
            {
                problems.Add(new SettingProblem("Secrets", $"provider '{provider}' needs at least one secret"));
            }

            for (var i = 0; i < settings.Secrets.Count; i++)
            {
                if (string.IsNullOrEmpty(settings.Secrets[i]))
                {
                    problems.Add(new SettingProblem($"Secrets:{i}", "is empty"));
                }
            }
        }

        Require(definition.NeedsVerifyToken, settings.VerifyToken, "VerifyToken", provider, problems);
        Require(definition.NeedsPublicKey, settings.PublicKey, "PublicKey", provider, problems);
        Require(definition.NeedsPublicUrl, settings.PublicUrl, "PublicUrl", provider, problems);
        if (settings.ReplayWindow <= TimeSpan.Zero)
        {
            problems.Add(new SettingProblem("ReplayWindow", "must be a positive TimeSpan"));
        }

        if (problems.Count > before)
        {
            return null;
        }

        var verifier = definition.Create(settings, problems);
        return problems.Count > before ? null : verifier;
    }

    private static void Require(bool needed, string? value, string key, string provider, ICollection<SettingProblem> problems)
    {
        if (needed && string.IsNullOrWhiteSpace(value))
        {
            problems.Add(new SettingProblem(key, $"provider '{provider}' needs {key}"));
        }
    }
}
