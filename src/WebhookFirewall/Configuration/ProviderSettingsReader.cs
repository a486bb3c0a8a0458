using WebhookFirewall.Model;
using WebhookFirewall.Verification;

namespace WebhookFirewall.Configuration;

/// <summary>
/// Reads a policy's provider settings (every key the verification library knows) into <see cref="ProviderSettings"/>.
/// A key left out stays unset, so the library can refuse a setting its provider does not use.
/// </summary>
internal static class ProviderSettingsReader
{
    /// <summary>Policy keys the host itself reads, accepted for every provider.</summary>
    public static readonly string[] HostKeys =
        ["Provider", "Mode", "ReplayWindow", "MaxBodyBytes", "AllowedSources", "Idempotency", "BodyTimeout", "ForwardSignature", "Ledger", "Delivery"];

    public static ProviderSettings Read(IConfigurationSection policy, string? keyHeader, TimeSpan replayWindow, ICollection<ConfigProblem> problems) => new()
    {
        Secrets = ConfigValues.ReadList(policy, "Secrets"),
        VerifyToken = policy["VerifyToken"],
        PublicKey = policy["PublicKey"],
        PublicUrl = policy["PublicUrl"],
        Header = policy["Header"],
        QueryParameter = policy["QueryParameter"],
        Algorithm = policy["Algorithm"],
        Encoding = policy["Encoding"],
        Prefix = policy["Prefix"],
        TimestampHeader = policy["TimestampHeader"],
        SignedContent = policy["SignedContent"],
        TopicArns = ConfigValues.ReadList(policy, "TopicArns"),
        SigningCertificates = ReadCertificates(policy.GetSection("SigningCertificates"), problems),
        WebhookId = policy["WebhookId"],
        Environment = policy["Environment"],
        Audience = policy["Audience"],
        ServiceAccountEmail = policy["ServiceAccountEmail"],
        ClientId = policy["ClientId"],
        ClientState = policy["ClientState"],
        KeyedSecrets = ReadKeyedSecrets(policy.GetSection("KeyedSecrets")),
        Username = policy["Username"],
        Scheme = policy["Scheme"],
        KeyEndpoint = policy["KeyEndpoint"],
        KeyHeader = keyHeader,
        ReplayWindow = replayWindow,
    };

    /// <summary>`[ { "KeyId": "...", "Secret": "..." } ]`: an array of objects, since config keys are case-insensitive.</summary>
    private static KeyedSecret[] ReadKeyedSecrets(IConfigurationSection section) =>
        section.GetChildren().Select(entry => new KeyedSecret(entry["KeyId"] ?? string.Empty, entry["Secret"] ?? string.Empty)).ToArray();

    /// <summary>`[ { "Url": "...", "File": "cert.pem" } ]`: the PEM is read here, so the library never touches files.</summary>
    private static PinnedCertificate[] ReadCertificates(IConfigurationSection section, ICollection<ConfigProblem> problems)
    {
        var certificates = new List<PinnedCertificate>();
        foreach (var entry in section.GetChildren())
        {
            var url = entry["Url"];
            var file = entry["File"];
            if (string.IsNullOrWhiteSpace(url) || string.IsNullOrWhiteSpace(file))
            {
                problems.Add(new ConfigProblem(entry.Path, "needs Url (the certificate URL as the provider sends it) and File (the certificate, PEM)"));
                continue;
            }

            try
            {
                certificates.Add(new PinnedCertificate(url, File.ReadAllText(file)));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                problems.Add(new ConfigProblem($"{entry.Path}:File", $"'{file}' could not be read: {e.Message}"));
            }
        }

        return [.. certificates];
    }
}
