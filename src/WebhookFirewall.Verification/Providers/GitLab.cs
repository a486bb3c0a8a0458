using WebhookFirewall.Verification.Primitives;

namespace WebhookFirewall.Verification.Providers;

/// <summary>GitLab: the secret token itself in `X-Gitlab-Token`. Retries keep their `Idempotency-Key`.</summary>
public static class GitLab
{
    public static ProviderDefinition Definition { get; } = new()
    {
        Name = "gitlab",
        Summary = "X-Gitlab-Token equals a configured secret (constant-time)",
        DefaultDeliveryId = DeliveryIdSource.Header("Idempotency-Key"),
        Create = (settings, _) => new ProviderVerifier(
            "gitlab",
            new TokenCheck("X-Gitlab-Token", settings.Secrets),
            settings.ReplayWindow,
            Definition!.DeliveryIdFor(settings)),
    };
}
