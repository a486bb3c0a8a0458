using System.Security.Cryptography;
using System.Text.Json;

namespace WebhookFirewall.Verification.Providers;

/// <summary>
/// A public key from eBay's Notification API `public_key/{kid}`: `{"key": PEM, "algorithm": "ECDSA", "digest":
/// "SHA1"}`, the PEM without line breaks (eBay/event-notification-nodejs-sdk lib/validator.js, formatKey). Only a
/// P-256 key with that algorithm and digest is kept: the signature header names them too, and a sender may not pick.
/// </summary>
internal sealed class EbayKey
{
    private const string P256 = "1.2.840.10045.3.1.7";

    private readonly byte[] _subjectPublicKeyInfo;

    private EbayKey(byte[] subjectPublicKeyInfo) => _subjectPublicKeyInfo = subjectPublicKeyInfo;

    public static EbayKey? TryRead(byte[] answer)
    {
        try
        {
            using var document = JsonDocument.Parse(answer);
            var root = document.RootElement;
            string? Text(string name) => root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
            if (Text("algorithm") != "ECDSA" || Text("digest") != "SHA1" || Text("key") is not { } pem)
            {
                return null;
            }

            var body = pem.Replace("-----BEGIN PUBLIC KEY-----", string.Empty, StringComparison.Ordinal)
                .Replace("-----END PUBLIC KEY-----", string.Empty, StringComparison.Ordinal);
            var spki = Convert.FromBase64String(string.Concat(body.Where(c => !char.IsWhiteSpace(c))));
            using var ecdsa = ECDsa.Create();
            ecdsa.ImportSubjectPublicKeyInfo(spki, out var read);
            return read == spki.Length && ecdsa.ExportParameters(includePrivateParameters: false).Curve.Oid?.Value == P256 ? new EbayKey(spki) : null;
        }
        catch (Exception e) when (e is JsonException or FormatException or CryptographicException)
        {
            return null;
        }
    }

    /// <summary>ECDSA with SHA-1 over <paramref name="content"/>, the signature a DER sequence as eBay sends it. Never throws.</summary>
    public bool Verify(ReadOnlySpan<byte> content, ReadOnlySpan<byte> signature)
    {
        // A key object per call: ECDsa instances are not documented as safe to share between threads.
        using var ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportSubjectPublicKeyInfo(_subjectPublicKeyInfo, out _);
            return ecdsa.VerifyData(content, signature, HashAlgorithmName.SHA1, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
