using WebhookFirewall.Verification.Providers.Handshakes;
using WebhookFirewall.Verification.Schemes;
using static WebhookFirewall.Verification.Schemes.DeliveryIdSource;

namespace WebhookFirewall.Verification.Providers;

/// <summary>
/// Providers that send a shared secret as is (nothing is signed, so the body is not covered): the token is compared
/// in constant time. Their ids are unsigned, so deliveries are keyed by content unless a policy says otherwise.
/// </summary>
internal static class TokenPresets
{
    public static IReadOnlyList<ProviderDefinition> All { get; } =
    [
        // GitLab retries keep their Idempotency-Key (X-Gitlab-Webhook-UUID is new per request).
        Row("gitlab", "X-Gitlab-Token", Header("Idempotency-Key"), eventType: "X-Gitlab-Event"),

        // Telegram: the secret_token given to setWebhook.
        Row("telegram", "X-Telegram-Bot-Api-Secret-Token", JsonField("update_id")),

        // Okta event hooks: Authorization unless Header names another; the verification GET must be authenticated.
        new()
        {
            Name = "okta",
            Summary = "Authorization (or Header) equals a configured secret (constant-time); authenticated GET X-Okta-Verification-Challenge answered",
            Accepts = ProviderSetting.Header,
            Check = (settings, _) => new TokenCheck(string.IsNullOrWhiteSpace(settings.Header) ? "Authorization" : settings.Header, settings.Secrets),
            // The request's own id; Okta retries at most once. Each event also has a uuid inside data.events.
            DeliveryId = JsonField("eventId"),
            SignedHandshake = _ => new OktaVerificationChallenge(),
        },

        // Postmark signs nothing; its webhooks carry Basic credentials from the registered URL
        // (https://user:password@host/..., postmarkapp.com/developer/webhooks/webhooks-overview). A refusal is a 401:
        // Postmark stops retrying an inbound message on a 403.
        new()
        {
            Name = "postmark",
            Summary = "Authorization: Basic base64(Username:password), compared with Username and each configured password (constant-time)",
            Requires = ProviderSetting.Secrets | ProviderSetting.Username,
            Check = (settings, problems) =>
            {
                BasicAuthCheck.CheckUsername(settings.Username, problems);
                return new BasicAuthCheck(settings.Username ?? string.Empty, settings.Secrets);
            },
        },

        // Any sender that authenticates with a token in a header of the operator's choosing.
        new()
        {
            Name = "token",
            Summary = "the configured Header equals a configured secret (constant-time)",
            Requires = ProviderSetting.Secrets | ProviderSetting.Header,
            Check = (settings, _) => new TokenCheck(settings.Header ?? string.Empty, settings.Secrets),
        },
    ];

    private static ProviderDefinition Row(string name, string header, DeliveryIdSource deliveryId, string? eventType = null) => new()
    {
        Name = name,
        Summary = $"{header} equals a configured secret (constant-time)",
        Check = (settings, _) => new TokenCheck(header, settings.Secrets),
        DeliveryId = deliveryId,
        EventTypeHeader = eventType,
    };
}
