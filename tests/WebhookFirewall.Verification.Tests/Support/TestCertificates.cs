using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace WebhookFirewall.Verification.Tests.Support;

/// <summary>
/// Self-signed RSA certificates standing in for a provider's signing certificate (subject as the provider's, valid
/// around <see cref="Request.DefaultNow"/>), one per name and subject, over the name's key pair in <see cref="RsaKeys"/>;
/// the tests sign with their private keys through .NET's RSA, never through the library.
/// </summary>
public static class TestCertificates
{
    private static readonly ConcurrentDictionary<(string Name, string Subject), (string Pem, string PrivateKey)> Made = new();

    public static readonly DateTimeOffset NotBefore = Request.DefaultNow.AddDays(-30);
    public static readonly DateTimeOffset NotAfter = Request.DefaultNow.AddDays(365);

    /// <summary>The certificate, PEM, for <paramref name="name"/> with CN=<paramref name="subject"/>.</summary>
    public static string Pem(string name, string subject) => Get(name, subject).Pem;

    /// <summary>Its private key, base64 PKCS#8, as the `sign` verb takes it.</summary>
    public static string PrivateKey(string name, string subject) => Get(name, subject).PrivateKey;

    public static byte[] SignRsa(string name, string subject, byte[] content, HashAlgorithmName hash)
    {
        using var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(Convert.FromBase64String(PrivateKey(name, subject)), out _);
        return rsa.SignData(content, hash, RSASignaturePadding.Pkcs1);
    }

    private static (string Pem, string PrivateKey) Get(string name, string subject) => Made.GetOrAdd((name, subject), key =>
    {
        using var rsa = RsaKeys.For(key.Name);
        var request = new CertificateRequest($"CN={key.Subject}", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(NotBefore, NotAfter);
        return (certificate.ExportCertificatePem(), Convert.ToBase64String(rsa.ExportPkcs8PrivateKey()));
    });
}
