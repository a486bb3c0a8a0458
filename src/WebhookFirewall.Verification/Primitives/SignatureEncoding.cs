namespace WebhookFirewall.Verification.Primitives;

internal enum SignatureEncoding
{
    Hex,
    Base64,

    /// <summary>RFC 4648 §5 base64url without padding (Sanity).</summary>
    Base64Url,
}
