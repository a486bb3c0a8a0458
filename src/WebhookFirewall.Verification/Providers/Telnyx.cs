using WebhookFirewall.Verification.Primitives;
using WebhookFirewall.Verification.Schemes;

namespace WebhookFirewall.Verification.Providers;

/// <summary>
/// Telnyx (API v2 webhooks): `telnyx-signature-ed25519` is the base64 Ed25519 signature of `telnyx-timestamp`, `|`
/// and the body, made with Telnyx's private key; `PublicKey` is the base64 32-byte key from Mission Control
/// (team-telnyx/telnyx-node, src/lib/webhooks.ts). The signed timestamp is held to the policy's ReplayWindow — the
/// SDK allows 300 s both ways, the default window. The event's `data.id` is the delivery id: the body is signed.
/// </summary>
internal static class Telnyx
{
    private static readonly Ed25519Scheme Scheme = new()
    {
        SignatureHeader = "telnyx-signature-ed25519",
        TimestampHeader = "telnyx-timestamp",
        Separator = "|",
        Encoding = SignatureEncoding.Base64,
        KeySource = "the public key shown in Telnyx Mission Control",
    };

    public static ProviderDefinition Definition { get; } = new()
    {
        Name = "telnyx",
        Summary = "telnyx-signature-ed25519: base64(Ed25519(Telnyx key, telnyx-timestamp + \"|\" + body)); PublicKey base64",
        Requires = ProviderSetting.PublicKey,
        Check = (settings, problems) => Scheme.Check(Scheme.ParsePublicKey(settings.PublicKey, problems)),
        DeliveryId = new NestedJsonFieldDeliveryId("data", "id"),
        CreatePrivateKeySigner = Scheme.CreateSigner,
    };
}
