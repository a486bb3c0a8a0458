using System.Collections.Frozen;
using WebhookFirewall.Model;
using WebhookFirewall.Verification;

namespace WebhookFirewall.Configuration;

/// <summary>
/// Reads `WebhookFirewall:Policies` into ready policies, collecting every problem with its config path rather than
/// stopping at the first: an operator fixes a broken config in one pass.
/// </summary>
internal static class PolicyReader
{
    public const string PoliciesPath = "WebhookFirewall:Policies";

    // A bounded buffer per request; far above any provider's own limit (GitHub caps payloads at 25 MB).
    private const long MaxBodyBytesLimit = 256L * 1024 * 1024;

    /// <summary>The host's own policy keys and every provider setting: a key outside them is a typo.</summary>
    private static readonly FrozenSet<string> KnownKeys = ProviderSettingsReader.HostKeys.Concat(ProviderCatalogue.SettingKeys)
        .ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenSet<string> KnownIdempotencyKeys = new[] { "Enabled", "Ttl", "KeyHeader", "Key" }
        .ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenSet<string> KnownLedgerKeys = new[] { "CapturePayloads", "MaxCapturedBytes", "RedactFields" }
        .ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    // A captured payload is for reading on a page, not for archiving bodies.
    private const long MaxCapturedBytesLimit = 1024 * 1024;

    private static readonly FrozenSet<string> KnownForwardSignatureKeys = new[] { "Secrets" }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>`WebhookFirewall:ForwardSignature`: the forward signature of every policy that sets none of its own.</summary>
    public const string ForwardSignaturePath = "WebhookFirewall:ForwardSignature";

    public static PolicySet Read(IConfiguration configuration, ProviderEnvironment environment, List<ConfigProblem> problems)
    {
        var admission = AdmissionReader.Read(configuration, problems);
        var defaultForwardSignature = ReadForwardSignature(configuration.GetSection(ForwardSignaturePath), problems);
        var policies = new Dictionary<string, WebhookPolicy>(StringComparer.OrdinalIgnoreCase);
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var section in configuration.GetSection(PoliciesPath).GetChildren())
        {
            names.Add(section.Key);
            if (string.Equals(section.Key, PolicySet.Anonymous, StringComparison.OrdinalIgnoreCase))
            {
                problems.Add(new ConfigProblem(section.Path, $"'{PolicySet.Anonymous}' is reserved for routes proxied without verification; name the policy differently"));
                continue;
            }

            var policy = ReadPolicy(section, admission, defaultForwardSignature, environment, problems);
            if (policy is not null)
            {
                policies.Add(section.Key, policy);
            }
        }

        return new PolicySet(policies, names, admission);
    }

    private static WebhookPolicy? ReadPolicy(IConfigurationSection section, AdmissionSettings admission, ForwardSigner? defaultForwardSignature, ProviderEnvironment environment, List<ConfigProblem> problems)
    {
        var before = problems.Count;
        ConfigValues.ReportUnknownKeys(section, KnownKeys, problems);
        ConfigValues.ReportUnknownKeys(section.GetSection("Idempotency"), KnownIdempotencyKeys, problems);
        ConfigValues.ReportUnknownKeys(section.GetSection("Ledger"), KnownLedgerKeys, problems);

        var provider = section["Provider"];
        if (string.IsNullOrWhiteSpace(provider))
        {
            problems.Add(new ConfigProblem($"{section.Path}:Provider", $"policy '{section.Key}' names no provider"));
            return null;
        }

        var mode = PolicyMode.Enforce;
        var modeText = section["Mode"];
        if (modeText is not null && !ConfigValues.TryParseName(modeText, out mode))
        {
            problems.Add(new ConfigProblem($"{section.Path}:Mode", $"'{modeText}' is not Enforce or Report"));
        }

        var idempotencySection = section.GetSection("Idempotency");
        var keyHeader = idempotencySection["KeyHeader"];
        var replayWindowDefault = ProviderCatalogue.TryGet(provider, out var info) ? info.DefaultReplayWindow : ProviderSettings.DefaultReplayWindow;
        var settings = ProviderSettingsReader.Read(
            section,
            string.IsNullOrWhiteSpace(keyHeader) ? null : keyHeader,
            ConfigValues.ReadTimeSpan(section, "ReplayWindow", replayWindowDefault, problems, WebhookPolicy.MaxReplayWindow),
            problems);
        var allowedSources = AdmissionReader.ReadAllowedSources(section, admission, problems);
        var maxBodyBytes = ConfigValues.ReadSize(section, "MaxBodyBytes", WebhookPolicy.DefaultMaxBodyBytes, MaxBodyBytesLimit, problems);
        var idempotency = new IdempotencySettings(
            ConfigValues.ReadBool(idempotencySection, "Enabled", true, problems),
            ConfigValues.ReadTimeSpan(idempotencySection, "Ttl", IdempotencySettings.DefaultTtl, problems, IdempotencySettings.MaxTtl),
            settings.KeyHeader,
            ReadKeyKind(idempotencySection, problems));
        var bodyTimeout = ConfigValues.ReadTimeSpan(section, "BodyTimeout", WebhookPolicy.DefaultBodyTimeout, problems);
        var forwardSignature = section.GetSection("ForwardSignature").Exists()
            ? ReadForwardSignature(section.GetSection("ForwardSignature"), problems)
            : defaultForwardSignature;

        var ledger = ReadLedger(section.GetSection("Ledger"), info, problems);
        var delivery = DeliveryReader.Read(section, info, idempotency.Enabled, problems);

        var settingProblems = new List<SettingProblem>();
        var verifier = ProviderCatalogue.Create(provider, settings, settingProblems, environment);
        foreach (var problem in settingProblems)
        {
            problems.Add(new ConfigProblem($"{section.Path}:{problem.Key}", $"policy '{section.Key}': {problem.Message}"));
        }

        if (verifier is null || problems.Count > before)
        {
            return null;
        }

        return new WebhookPolicy
        {
            Name = section.Key,
            Provider = provider,
            Verifier = verifier,
            Mode = mode,
            MaxBodyBytes = maxBodyBytes,
            Idempotency = idempotency,
            AllowedSources = allowedSources,
            Ledger = ledger,
            ReplayWindow = settings.ReplayWindow,
            BodyTimeout = bodyTimeout,
            ForwardSignature = forwardSignature,
            Delivery = delivery,
            Secrets = settings.Secrets,
        };
    }

    /// <summary>`Idempotency:Key`: `DeliveryId` or `Content`; absent, the provider's default decides.</summary>
    private static IdempotencyKeyKind? ReadKeyKind(IConfigurationSection idempotency, List<ConfigProblem> problems)
    {
        var text = idempotency["Key"];
        if (text is null)
        {
            return null;
        }

        if (ConfigValues.TryParseName<IdempotencyKeyKind>(text, out var kind))
        {
            return kind;
        }

        problems.Add(new ConfigProblem($"{idempotency.Path}:Key", $"'{text}' is not DeliveryId or Content"));
        return null;
    }

    /// <summary>`ForwardSignature: { "Secrets": [ "whsec_..." ] }`, or null when the section is absent.</summary>
    private static ForwardSigner? ReadForwardSignature(IConfigurationSection section, List<ConfigProblem> problems)
    {
        if (!section.Exists())
        {
            return null;
        }

        ConfigValues.ReportUnknownKeys(section, KnownForwardSignatureKeys, problems);
        var settingProblems = new List<SettingProblem>();
        var signer = ForwardSigner.Create(ConfigValues.ReadList(section, "Secrets"), settingProblems);
        foreach (var problem in settingProblems)
        {
            problems.Add(new ConfigProblem($"{section.Path}:{problem.Key}", problem.Message));
        }

        return signer;
    }

    /// <summary>
    /// The policy's payload capture. The provider's credential fields are always redacted, whatever the policy lists:
    /// an operator who opts in to payloads never opts in to the credentials some providers put in their bodies.
    /// </summary>
    private static LedgerCaptureSettings ReadLedger(IConfigurationSection section, ProviderInfo? provider, List<ConfigProblem> problems)
    {
        var capture = ConfigValues.ReadBool(section, "CapturePayloads", false, problems);
        var maxBytes = (int)ConfigValues.ReadSize(section, "MaxCapturedBytes", LedgerCaptureSettings.DefaultMaxCapturedBytes, MaxCapturedBytesLimit, problems);
        var redact = new List<string>(ConfigValues.ReadList(section, "RedactFields"));
        foreach (var field in provider?.CredentialFields ?? [])
        {
            if (!redact.Contains(field, StringComparer.OrdinalIgnoreCase))
            {
                redact.Add(field);
            }
        }

        return capture ? new LedgerCaptureSettings(true, maxBytes, redact) : LedgerCaptureSettings.Off;
    }
}
