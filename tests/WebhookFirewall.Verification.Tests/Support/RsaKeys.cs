using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace WebhookFirewall.Verification.Tests.Support;

/// <summary>RSA 2048 key pairs, one per name and run, for the providers that sign tokens with RSA (Google).</summary>
public static class RsaKeys
{
    private static readonly ConcurrentDictionary<string, byte[]> Made = new(StringComparer.Ordinal);

    /// <summary>A fresh instance holding the named key pair; the caller disposes it.</summary>
    public static RSA For(string name)
    {
        var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(Made.GetOrAdd(name, _ =>
        {
            using var made = RSA.Create(2048);
            return made.ExportPkcs8PrivateKey();
        }), out _);
        return rsa;
    }

    /// <summary>The private key as the `sign` verb takes it: base64 PKCS#8.</summary>
    public static string PrivateKey(string name)
    {
        using var rsa = For(name);
        return Convert.ToBase64String(rsa.ExportPkcs8PrivateKey());
    }

    /// <summary>The public key as a JWK member list: `"kty":"RSA","n":...,"e":...`.</summary>
    public static string JwkMembers(string name)
    {
        using var rsa = For(name);
        var parameters = rsa.ExportParameters(includePrivateParameters: false);
        return $"\"kty\":\"RSA\",\"n\":\"{Jws.Base64Url(parameters.Modulus!)}\",\"e\":\"{Jws.Base64Url(parameters.Exponent!)}\"";
    }
}
