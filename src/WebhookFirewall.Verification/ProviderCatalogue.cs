using System.Collections.Frozen;
using WebhookFirewall.Verification.Primitives;
using WebhookFirewall.Verification.Providers;
using WebhookFirewall.Verification.Schemes;

namespace WebhookFirewall.Verification;

/// <summary>
/// Every provider the firewall verifies, by its contract name (lowercase). It checks a policy's settings against
/// the provider's declaration — required ones present, unused ones refused, secrets usable — and builds the verifier.
/// </summary>
public static class ProviderCatalogue
{
    private static readonly FrozenDictionary<string, ProviderDefinition> ByName =
        Definitions.All.ToFrozenDictionary(d => d.Name, StringComparer.Ordinal);

    private static readonly ProviderSetting[] EverySetting = Enum.GetValues<ProviderSetting>().Where(s => s != ProviderSetting.None).ToArray();

    /// <summary>Every provider, sorted by name.</summary>
    public static IReadOnlyList<ProviderInfo> All { get; } = ByName.Values.OrderBy(d => d.Name, StringComparer.Ordinal).Select(d => d.Info).ToArray();

    /// <summary>The config keys of every provider setting (the host's own policy keys are not among them).</summary>
    public static IReadOnlyList<string> SettingKeys { get; } = EverySetting.Select(s => s.ToString()).ToArray();

    public static bool TryGet(string name, out ProviderInfo info)
    {
        info = ByName.TryGetValue(name, out var definition) ? definition.Info : null!;
        return definition is not null;
    }

    /// <summary>
    /// Builds the verifier for <paramref name="provider"/>, or returns null with every problem listed: an unknown
    /// provider, a missing secret / key / token / URL, a setting the provider does not use, an unusable value.
    /// Providers whose keys are fetched use <paramref name="environment"/>'s key cache (the process-wide
    /// <see cref="ProviderEnvironment.Default"/> when none is given): keep one for the host's lifetime, so that
    /// fetched keys outlive the verifiers a config reload replaces.
    /// </summary>
    public static IWebhookVerifier? Create(string provider, ProviderSettings settings, ICollection<SettingProblem> problems, ProviderEnvironment? environment = null)
    {
        if (!ByName.TryGetValue(provider, out var definition))
        {
            problems.Add(new SettingProblem("Provider", $"'{provider}' is not a known provider (known: {string.Join(", ", ByName.Keys.Order(StringComparer.Ordinal))})"));
            return null;
        }

        var before = problems.Count;
        CheckSettings(definition, settings, problems);

        // Built even when a setting is missing, so that every problem of the policy is listed at once.
        var check = definition.CreateCheck(settings, environment ?? ProviderEnvironment.Default, problems);
        return problems.Count > before ? null : new ProviderVerifier(definition, settings, check);
    }

    /// <summary>
    /// What the `sign` verb signs with: for a key-signed provider, a signer from its private key; otherwise the
    /// provider's own scheme with <paramref name="secret"/> as its only secret — written `KEYID:SECRET` for providers
    /// whose requests name their key (`KeyedSecrets`).
    /// </summary>
    public static IWebhookSigner? CreateSigner(string provider, string secret, ProviderSettings settings, ICollection<SettingProblem> problems)
    {
        if (!ByName.TryGetValue(provider, out var definition))
        {
            problems.Add(new SettingProblem("Provider", $"'{provider}' is not a known provider"));
            return null;
        }

        if (definition.CreatePrivateKeySigner is { } createSigner)
        {
            return createSigner(secret, settings, problems);
        }

        var signing = settings with { Secrets = [secret] };
        if (definition.Requires.HasFlag(ProviderSetting.KeyedSecrets))
        {
            var colon = secret.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                problems.Add(new SettingProblem("Secret", $"provider '{provider}' names the signing key in its requests: give the secret as KEYID:SECRET"));
                return null;
            }

            signing = settings with { KeyedSecrets = [new KeyedSecret(secret[..colon], secret[(colon + 1)..])] };
        }

        var verifier = Create(provider, signing, problems);
        if (verifier is not null && verifier.Signer is null)
        {
            problems.Add(new SettingProblem("Provider", $"provider '{provider}' cannot be signed with a shared secret"));
        }

        return verifier?.Signer;
    }

    private static void CheckSettings(ProviderDefinition definition, ProviderSettings settings, ICollection<SettingProblem> problems)
    {
        var set = SetSettings(settings);
        var accepted = definition.Requires | definition.Accepts;
        foreach (var setting in EverySetting)
        {
            if (set.HasFlag(setting) && !accepted.HasFlag(setting))
            {
                problems.Add(new SettingProblem(setting.ToString(), $"provider '{definition.Name}' does not use this setting"));
            }
            else if (definition.Requires.HasFlag(setting) && !set.HasFlag(setting))
            {
                problems.Add(new SettingProblem(setting.ToString(), setting == ProviderSetting.Secrets
                    ? $"provider '{definition.Name}' needs at least one secret"
                    : $"provider '{definition.Name}' needs {setting}"));
            }
        }

        for (var i = 0; i < settings.Secrets.Count; i++)
        {
            SecretRules.Check(settings.Secrets[i], $"Secrets:{i}", problems);
        }

        var keyIds = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < settings.KeyedSecrets.Count; i++)
        {
            var keyed = settings.KeyedSecrets[i];
            if (string.IsNullOrEmpty(keyed.KeyId))
            {
                problems.Add(new SettingProblem($"KeyedSecrets:{i}:KeyId", "is empty"));
            }
            else if (!keyIds.Add(keyed.KeyId))
            {
                problems.Add(new SettingProblem($"KeyedSecrets:{i}:KeyId", $"'{keyed.KeyId}' is listed twice: a key id selects one secret"));
            }

            SecretRules.Check(keyed.Secret, $"KeyedSecrets:{i}:Secret", problems);
        }

        if (set.HasFlag(ProviderSetting.PublicUrl) && accepted.HasFlag(ProviderSetting.PublicUrl))
        {
            PublicUrls.Validate(settings.PublicUrl, problems);
        }

        if (settings.ReplayWindow <= TimeSpan.Zero)
        {
            problems.Add(new SettingProblem("ReplayWindow", "must be a positive TimeSpan"));
        }
    }

    /// <summary>Which settings a policy set: non-empty text, non-empty lists.</summary>
    private static ProviderSetting SetSettings(ProviderSettings settings)
    {
        var set = ProviderSetting.None;
        Flag(settings.Secrets.Count > 0, ProviderSetting.Secrets);
        Flag(!string.IsNullOrWhiteSpace(settings.VerifyToken), ProviderSetting.VerifyToken);
        Flag(!string.IsNullOrWhiteSpace(settings.PublicKey), ProviderSetting.PublicKey);
        Flag(!string.IsNullOrWhiteSpace(settings.PublicUrl), ProviderSetting.PublicUrl);
        Flag(!string.IsNullOrWhiteSpace(settings.Header), ProviderSetting.Header);
        Flag(!string.IsNullOrWhiteSpace(settings.QueryParameter), ProviderSetting.QueryParameter);
        Flag(settings.Algorithm is not null, ProviderSetting.Algorithm);
        Flag(settings.Encoding is not null, ProviderSetting.Encoding);
        Flag(settings.Prefix is not null, ProviderSetting.Prefix);
        Flag(!string.IsNullOrWhiteSpace(settings.TimestampHeader), ProviderSetting.TimestampHeader);
        Flag(settings.SignedContent is not null, ProviderSetting.SignedContent);
        Flag(settings.TopicArns.Count > 0, ProviderSetting.TopicArns);
        Flag(settings.SigningCertificates.Count > 0, ProviderSetting.SigningCertificates);
        Flag(!string.IsNullOrWhiteSpace(settings.WebhookId), ProviderSetting.WebhookId);
        Flag(!string.IsNullOrWhiteSpace(settings.Environment), ProviderSetting.Environment);
        Flag(!string.IsNullOrWhiteSpace(settings.Audience), ProviderSetting.Audience);
        Flag(!string.IsNullOrWhiteSpace(settings.ServiceAccountEmail), ProviderSetting.ServiceAccountEmail);
        Flag(!string.IsNullOrWhiteSpace(settings.ClientId), ProviderSetting.ClientId);
        Flag(!string.IsNullOrWhiteSpace(settings.ClientState), ProviderSetting.ClientState);
        Flag(settings.KeyedSecrets.Count > 0, ProviderSetting.KeyedSecrets);
        Flag(!string.IsNullOrWhiteSpace(settings.Username), ProviderSetting.Username);
        Flag(!string.IsNullOrWhiteSpace(settings.Scheme), ProviderSetting.Scheme);
        Flag(!string.IsNullOrWhiteSpace(settings.KeyEndpoint), ProviderSetting.KeyEndpoint);
        return set;

        void Flag(bool present, ProviderSetting setting)
        {
            if (present)
            {
                set |= setting;
            }
        }
    }
}
