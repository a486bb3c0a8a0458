using WebhookFirewall.Verification.Primitives;

namespace WebhookFirewall.Verification.Providers;

/// <summary>
/// Discord, both endpoints it calls: `discord` is the interactions endpoint (a signed PING, `type` 1, is answered
/// `{"type":1}`); `discord-events` is the webhook-events endpoint (PING `type` 0 is answered 204, events `type` 1
/// are forwarded). Both are Ed25519 over timestamp + body with the application's public key (see
/// <see cref="DiscordSignature"/>). Discord sends deliberately invalid signatures to test an endpoint: they fail as
/// invalid_signature like any other, and the signed timestamp is held to the policy's ReplayWindow.
/// </summary>
public static class Discord
{
    private const string Scheme = "X-Signature-Ed25519: hex(Ed25519(application key, X-Signature-Timestamp + body)); PublicKey hex";

    public static ProviderDefinition InteractionsDefinition { get; } = new()
    {
        Name = "discord",
        Summary = Scheme + "; signed PING type 1 answered {\"type\":1}",
        NeedsSecrets = false,
        NeedsPublicKey = true,
        // The interaction's snowflake id. Discord does not retry interactions, but a replay within the window is one.
        DefaultDeliveryId = DeliveryIdSource.JsonField("id"),
        Create = (settings, problems) => Create("discord", settings, problems, InteractionsDefinition!, new PingAnswer(1, HandshakeResponse.Json("""{"type":1}"""))),
        CreateSigner = DiscordSignature.CreateSigner,
    };

    public static ProviderDefinition EventsDefinition { get; } = new()
    {
        Name = "discord-events",
        Summary = Scheme + "; signed PING type 0 answered 204",
        NeedsSecrets = false,
        NeedsPublicKey = true,
        // Webhook-event payloads carry no id of their own (version, application_id, type, event).
        Create = (settings, problems) => Create("discord-events", settings, problems, EventsDefinition!, new PingAnswer(0, HandshakeResponse.NoContent())),
        CreateSigner = DiscordSignature.CreateSigner,
    };

    private static ProviderVerifier Create(string name, ProviderSettings settings, ICollection<SettingProblem> problems, ProviderDefinition definition, IHandshake ping) =>
        new(
            name,
            DiscordSignature.Check(DiscordSignature.ParsePublicKey(settings.PublicKey, problems)),
            settings.ReplayWindow,
            definition.DeliveryIdFor(settings),
            signedHandshake: ping);

    /// <summary>A verified body whose `type` is the PING number is answered here; every other type is forwarded.</summary>
    private sealed class PingAnswer(long pingType, HandshakeResponse answer) : IHandshake
    {
        public bool TryAnswer(in WebhookRequest request, int secretIndex, out VerificationResult result)
        {
            // Every verified delivery passes here: compare the number in place, allocating nothing.
            if (JsonBodyFields.NumberEquals(request.Body.Span, "type"u8, pingType))
            {
                result = VerificationResult.Challenge(answer, secretIndex);
                return true;
            }

            result = default;
            return false;
        }
    }
}
