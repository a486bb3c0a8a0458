using WebhookFirewall.Verification.Primitives;

namespace WebhookFirewall.Verification.Providers;

/// <summary>GitHub: `X-Hub-Signature-256: sha256=` hex HMAC-SHA256 of the body. No signed timestamp.</summary>
public static class GitHub
{
    public static ProviderDefinition Definition { get; } = new()
    {
        Name = "github",
        Summary = "X-Hub-Signature-256: sha256=hex(HMAC-SHA256(secret, body))",
        DefaultDeliveryId = DeliveryIdSource.Header("X-GitHub-Delivery"),
        Create = (settings, problems) => new ProviderVerifier(
            "github",
            HubSignature("X-Hub-Signature-256", "sha256=", HmacAlgorithm.Sha256, settings, problems),
            settings.ReplayWindow,
            Definition!.DeliveryIdFor(settings)),
    };

    /// <summary>The `X-Hub-Signature` family (GitHub, Meta, Bitbucket, Jira, Intercom): prefixed hex HMAC of the body.</summary>
    internal static HmacSignatureCheck HubSignature(string header, string prefix, HmacAlgorithm algorithm, ProviderSettings settings, ICollection<SettingProblem> problems) =>
        new(header, SigningKeys.Decode(settings.Secrets, SecretDecoding.Utf8, problems))
        {
            Algorithm = algorithm,
            Encoding = SignatureEncoding.Hex,
            Prefix = prefix,
        };
}
