using WebhookFirewall.Verification.Primitives;

namespace WebhookFirewall.Verification.Providers;

/// <summary>Telegram Bot API: the `secret_token` given to setWebhook, sent back in `X-Telegram-Bot-Api-Secret-Token`.</summary>
public static class Telegram
{
    public static ProviderDefinition Definition { get; } = new()
    {
        Name = "telegram",
        Summary = "X-Telegram-Bot-Api-Secret-Token equals a configured secret (constant-time)",
        DefaultDeliveryId = DeliveryIdSource.JsonField("update_id"),
        Create = (settings, _) => new ProviderVerifier(
            "telegram",
            new TokenCheck("X-Telegram-Bot-Api-Secret-Token", settings.Secrets),
            settings.ReplayWindow,
            Definition!.DeliveryIdFor(settings)),
    };
}
