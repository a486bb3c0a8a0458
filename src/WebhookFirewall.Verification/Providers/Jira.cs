using WebhookFirewall.Verification.Primitives;

namespace WebhookFirewall.Verification.Providers;

/// <summary>
/// Jira Cloud webhooks with a secret: `X-Hub-Signature: sha256=` hex HMAC-SHA256 of the body.
/// `X-Atlassian-Webhook-Identifier` stays the same across Jira's retries of one delivery.
/// </summary>
public static class Jira
{
    public static ProviderDefinition Definition { get; } = new()
    {
        Name = "jira",
        Summary = "X-Hub-Signature: sha256=hex(HMAC-SHA256(secret, body))",
        DefaultDeliveryId = DeliveryIdSource.Header("X-Atlassian-Webhook-Identifier"),
        Create = (settings, problems) => new ProviderVerifier(
            "jira",
            GitHub.HubSignature("X-Hub-Signature", "sha256=", HmacAlgorithm.Sha256, settings, problems),
            settings.ReplayWindow,
            Definition!.DeliveryIdFor(settings)),
    };
}
