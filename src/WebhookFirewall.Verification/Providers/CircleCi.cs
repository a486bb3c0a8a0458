using WebhookFirewall.Verification.Primitives;

namespace WebhookFirewall.Verification.Providers;

/// <summary>
/// CircleCI: `circleci-signature: v1=` hex HMAC-SHA256 of the body. CircleCI documents the header as a
/// comma-separated list so that other schemes can be added: every `v1=` entry is tried, others are skipped.
/// </summary>
public static class CircleCi
{
    public static ProviderDefinition Definition { get; } = new()
    {
        Name = "circleci",
        Summary = "circleci-signature: v1=hex(HMAC-SHA256(secret, body)), comma-separated list",
        DefaultDeliveryId = DeliveryIdSource.JsonField("id"),
        Create = (settings, problems) => new ProviderVerifier(
            "circleci",
            new HexSignatureListCheck("circleci-signature", SigningKeys.Decode(settings.Secrets, SecretDecoding.Utf8, problems)),
            settings.ReplayWindow,
            Definition!.DeliveryIdFor(settings)),
    };
}
