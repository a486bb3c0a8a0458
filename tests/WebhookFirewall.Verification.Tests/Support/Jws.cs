using System.Security.Cryptography;
using System.Text;

namespace WebhookFirewall.Verification.Tests.Support;

/// <summary>
/// Compact JWS made with the BCL alone (RFC 7515: base64url header, payload and signature joined by dots; ES256's
/// signature is r‖s, RS256's PKCS#1 v1.5), the way the providers' tokens are made: never with the library under test
/// nor the token library it uses.
/// </summary>
public static class Jws
{
    public static string Rs256(string headerJson, string payloadJson, RSA key) =>
        Sign(headerJson, payloadJson, content => key.SignData(content, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));

    public static string Es256(string headerJson, string payloadJson, ECDsa key) =>
        Sign(headerJson, payloadJson, content => key.SignData(content, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));

    /// <summary>HS256 keyed with the given bytes: the algorithm-confusion forgery a verifier must refuse unread.</summary>
    public static string Hs256(string headerJson, string payloadJson, byte[] key) =>
        Sign(headerJson, payloadJson, content => HMACSHA256.HashData(key, content));

    public static string Unsigned(string headerJson, string payloadJson) => Sign(headerJson, payloadJson, _ => []);

    public static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Sign(string headerJson, string payloadJson, Func<byte[], byte[]> sign)
    {
        var content = Base64Url(Encoding.UTF8.GetBytes(headerJson)) + "." + Base64Url(Encoding.UTF8.GetBytes(payloadJson));
        return content + "." + Base64Url(sign(Encoding.ASCII.GetBytes(content)));
    }
}
