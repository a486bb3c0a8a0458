using System.Security.Cryptography;

namespace WebhookFirewall.Verification.Primitives;

/// <summary>
/// Private keys given to the `sign` verb for the key-signed providers: PEM text, or base64 PKCS#8 (the body of a
/// PEM `PRIVATE KEY`, which fits on a command line). Only the provider holds its real key: these serve tests and
/// operators signing against a certificate or key pair of their own.
/// </summary>
internal static class PrivateKeys
{
    public const string Formats = "PEM, or base64 PKCS#8 (the body of a PEM 'PRIVATE KEY')";

    public static RSA? Rsa(string text)
    {
        var rsa = RSA.Create();
        if (TryImport(rsa, text) && rsa.KeySize >= 2048)
        {
            return rsa;
        }

        rsa.Dispose();
        return null;
    }

    /// <summary>An ECDSA key on P-256, the curve Plaid and eBay sign with.</summary>
    public static ECDsa? EcdsaP256(string text)
    {
        var ecdsa = ECDsa.Create();
        if (TryImport(ecdsa, text) && ecdsa.ExportParameters(includePrivateParameters: false).Curve.Oid?.Value == "1.2.840.10045.3.1.7")
        {
            return ecdsa;
        }

        ecdsa.Dispose();
        return null;
    }

    /// <summary>A short stable id for a key pair: the first 16 bytes of its public key's SHA-256, hex.</summary>
    public static string KeyId(AsymmetricAlgorithm key) => Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()).AsSpan(0, 16));

    private static bool TryImport(AsymmetricAlgorithm key, string text)
    {
        try
        {
            var trimmed = text.Trim();
            if (trimmed.StartsWith("-----BEGIN", StringComparison.Ordinal) && trimmed.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
            {
                key.ImportFromPem(trimmed);
                return true;
            }

            var der = new byte[trimmed.Length];
            if (!Convert.TryFromBase64String(trimmed, der, out var written) || written == 0)
            {
                return false;
            }

            key.ImportPkcs8PrivateKey(der.AsSpan(0, written), out var read);
            return read == written;
        }
        catch (CryptographicException)
        {
            return false;
        }
        catch (ArgumentException)
        {
            return false; // PEM without a key of that kind
        }
    }
}
