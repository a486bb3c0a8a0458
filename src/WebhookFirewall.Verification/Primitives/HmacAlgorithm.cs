namespace WebhookFirewall.Verification.Primitives;

internal enum HmacAlgorithm
{
    Sha1,
    Sha256,
    Sha512,
}
