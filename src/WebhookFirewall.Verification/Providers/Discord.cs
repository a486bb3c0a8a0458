using WebhookFirewall.Verification.Providers.Handshakes;
using WebhookFirewall.Verification.Schemes;

namespace WebhookFirewall.Verification.Providers;

/// <summary>
/// Discord, both endpoints it calls: `discord` is the interactions endpoint (a signed PING, `type` 1, is answered
/// `{"type":1}`); `discord-events` is the webhook-events endpoint (PING `type` 0 is answered 204, events `type` 1
/// are forwarded). Both are Ed25519 over timestamp + body with the application's public key (see
/// <see cref="DiscordSignature"/>). Discord sends deliberately invalid signatures to test an endpoint: they fail as
/// invalid_signature like any other, and the signed timestamp is held to the policy's ReplayWindow.
/// </summary>
internal static class Discord
{
    private const string Scheme = "X-Signature-Ed25519: hex(Ed25519(application key, X-Signature-Timestamp + body)); PublicKey hex";

    public static ProviderDefinition InteractionsDefinition { get; } = new()
    {
        Name = "discord",
        Summary = Scheme + "; signed PING type 1 answered {\"type\":1}",
        Requires = ProviderSetting.PublicKey,
        Check = (settings, problems) => DiscordSignature.Scheme.Check(DiscordSignature.Scheme.ParsePublicKey(settings.PublicKey, problems)),
        // The interaction's snowflake id. Discord does not retry interactions, but a replay within the window is one.
        DeliveryId = DeliveryIdSource.JsonField("id"),
        SignedHandshake = _ => new DiscordPing(1, HandshakeResponse.Json("""{"type":1}""")),
        // An interaction is answered by the backend's own response.
        ReplyCarriesBackendAnswer = true,
        CreatePrivateKeySigner = DiscordSignature.Scheme.CreateSigner,
    };

    public static ProviderDefinition EventsDefinition { get; } = new()
    {
        Name = "discord-events",
        Summary = Scheme + "; signed PING type 0 answered 204",
        Requires = ProviderSetting.PublicKey,
        Check = (settings, problems) => DiscordSignature.Scheme.Check(DiscordSignature.Scheme.ParsePublicKey(settings.PublicKey, problems)),
        // Webhook-event payloads carry no id of their own (version, application_id, type, event).
        SignedHandshake = _ => new DiscordPing(0, HandshakeResponse.NoContent()),
        CreatePrivateKeySigner = DiscordSignature.Scheme.CreateSigner,
    };
}
