using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace WebhookFirewall.Verification.Primitives;

/// <summary>
/// A provider's RSA signing certificate (AWS SNS, PayPal), pinned or fetched. It is trusted for where it came from —
/// a pin, or a TLS fetch of a URL that passed the provider's host rule — so no chain is built and no revocation list
/// fetched; what is checked is its subject and its validity at the request's clock.
/// </summary>
internal sealed class SigningCertificate
{
    private const int MinRsaBits = 2048;

    private readonly byte[] _publicKey;

    private SigningCertificate(string commonName, DateTimeOffset notBefore, DateTimeOffset notAfter, byte[] publicKey)
    {
        CommonName = commonName;
        NotBefore = notBefore;
        NotAfter = notAfter;
        _publicKey = publicKey;
    }

    public string CommonName { get; }

    public DateTimeOffset NotBefore { get; }

    public DateTimeOffset NotAfter { get; }

    /// <summary>The first certificate of a PEM text or a DER blob, when it holds an RSA key of at least 2048 bits.</summary>
    public static SigningCertificate? TryRead(ReadOnlySpan<byte> data)
    {
        try
        {
            using var certificate = LooksLikePem(data)
                ? X509Certificate2.CreateFromPem(Encoding.ASCII.GetString(data))
                : X509CertificateLoader.LoadCertificate(data);
            using var rsa = certificate.GetRSAPublicKey();
            if (rsa is null || rsa.KeySize < MinRsaBits)
            {
                return null;
            }

            return new SigningCertificate(
                certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false),
                new DateTimeOffset(certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero),
                new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero),
                rsa.ExportSubjectPublicKeyInfo());
        }
        catch (CryptographicException)
        {
            return null;
        }
        catch (ArgumentException)
        {
            return null; // CreateFromPem: no certificate in the text
        }
    }

    /// <summary>Why this certificate may not verify a message at <paramref name="now"/>; null when it may.</summary>
    public string? Refusal(string expectedSubject, DateTimeOffset now)
    {
        if (!string.Equals(CommonName, expectedSubject, StringComparison.OrdinalIgnoreCase))
        {
            return $"its subject is not CN={expectedSubject}";
        }

        return now < NotBefore || now > NotAfter
            ? $"it is valid from {Format(NotBefore)} to {Format(NotAfter)}, not at the firewall's clock ({Format(now)})"
            : null;
    }

    /// <summary>RSA PKCS#1 v1.5 over <paramref name="content"/>. Never throws.</summary>
    public bool Verify(ReadOnlySpan<byte> content, ReadOnlySpan<byte> signature, HashAlgorithmName hash)
    {
        // A key object per call: RSA instances are not documented as safe to share between threads.
        using var rsa = RSA.Create();
        try
        {
            rsa.ImportSubjectPublicKeyInfo(_publicKey, out _);
            return rsa.VerifyData(content, signature, hash, RSASignaturePadding.Pkcs1);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static bool LooksLikePem(ReadOnlySpan<byte> data) => data.IndexOf("-----BEGIN"u8) >= 0;

    private static string Format(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
