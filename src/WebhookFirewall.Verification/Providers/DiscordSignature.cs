using WebhookFirewall.Verification.Primitives;
using WebhookFirewall.Verification.Schemes;

namespace WebhookFirewall.Verification.Providers;

/// <summary>
/// Discord's Ed25519 scheme (interactions and webhook events alike): `X-Signature-Ed25519` is the hex signature of
/// `X-Signature-Timestamp` + body, made with the application's private key; `PublicKey` is the hex public key
/// from the developer portal, and the `sign` verb takes the private key as its hex 32-byte seed.
/// </summary>
internal static class DiscordSignature
{
    public const string SignatureHeader = "X-Signature-Ed25519";
    public const string TimestampHeader = "X-Signature-Timestamp";

    public static Ed25519Scheme Scheme { get; } = new()
    {
        SignatureHeader = SignatureHeader,
        TimestampHeader = TimestampHeader,
        Encoding = SignatureEncoding.Hex,
        KeySource = "the application's public key in the Discord developer portal",
    };
}
