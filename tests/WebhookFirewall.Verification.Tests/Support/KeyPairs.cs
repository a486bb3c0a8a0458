using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using NSec.Cryptography;

namespace WebhookFirewall.Verification.Tests.Support;

/// <summary>
/// Key pairs for the providers that sign with a private key, and their signatures made here rather than by the
/// library under test. Each test "secret" names a key pair deterministically (Ed25519) or once per run (ECDSA).
/// </summary>
public static class KeyPairs
{
    private static readonly ConcurrentDictionary<string, string> EcdsaKeys = new(StringComparer.Ordinal);

    /// <summary>A 32-byte Ed25519 seed, hex, derived from <paramref name="name"/>: the form Discord's signer takes.</summary>
    public static string Ed25519Seed(string name) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)));

    /// <summary>The hex public key of a seed, as Discord's developer portal shows an application's key.</summary>
    public static string Ed25519PublicKey(string seedHex)
    {
        using var key = Key.Import(SignatureAlgorithm.Ed25519, Convert.FromHexString(seedHex), KeyBlobFormat.RawPrivateKey);
        return Convert.ToHexStringLower(key.PublicKey.Export(KeyBlobFormat.RawPublicKey));
    }

    /// <summary>
    /// Discord's signature, made as discord-interactions-js makes it in its own tests
    /// (discord/discord-interactions-js: src/__tests__/utils/SharedTestUtils.ts, signRequestWithKeyPair): Ed25519 with
    /// the private key over the timestamp followed by the body, hex as Discord sends it. Signed with NSec (libsodium).
    /// </summary>
    public static string Ed25519Sign(string seedHex, string timestamp, byte[] body)
    {
        using var key = Key.Import(SignatureAlgorithm.Ed25519, Convert.FromHexString(seedHex), KeyBlobFormat.RawPrivateKey);
        return Convert.ToHexStringLower(SignatureAlgorithm.Ed25519.Sign(key, [.. Encoding.UTF8.GetBytes(timestamp), .. body]));
    }

    /// <summary>A P-256 private key, base64 PKCS#8, generated once per <paramref name="name"/> and run.</summary>
    public static string EcdsaPrivateKey(string name) => EcdsaKeys.GetOrAdd(name, _ =>
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return Convert.ToBase64String(ecdsa.ExportPkcs8PrivateKey());
    });

    /// <summary>The base64 SubjectPublicKeyInfo of a private key: SendGrid's verification key format.</summary>
    public static string EcdsaPublicKey(string privateKey)
    {
        using var ecdsa = ECDsa.Create();
        ecdsa.ImportPkcs8PrivateKey(Convert.FromBase64String(privateKey), out _);
        return Convert.ToBase64String(ecdsa.ExportSubjectPublicKeyInfo());
    }

    /// <summary>SendGrid's signature: base64 DER ECDSA P-256 SHA-256 over the timestamp followed by the body.</summary>
    public static string EcdsaSign(string privateKey, string timestamp, byte[] body)
    {
        using var ecdsa = ECDsa.Create();
        ecdsa.ImportPkcs8PrivateKey(Convert.FromBase64String(privateKey), out _);
        return Convert.ToBase64String(ecdsa.SignData([.. Encoding.UTF8.GetBytes(timestamp), .. body], HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
    }
}
