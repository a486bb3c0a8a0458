using System.Globalization;
using System.IO.Hashing;
using System.Security.Cryptography;
using System.Text;
using WebhookFirewall.Verification.Primitives;
using WebhookFirewall.Verification.Schemes;

namespace WebhookFirewall.Verification.Providers;

/// <summary>
/// PayPal: `PAYPAL-TRANSMISSION-SIG` is base64 RSA-SHA256 (`PAYPAL-AUTH-ALGO: SHA256withRSA`, the only one
/// accepted) over `{PAYPAL-TRANSMISSION-ID}|{PAYPAL-TRANSMISSION-TIME}|{WebhookId}|{CRC-32 of the body}`, the CRC
/// as an unsigned decimal, by the certificate at `PAYPAL-CERT-URL`: https://api.paypal.com (or, with Environment
/// sandbox, api.sandbox.paypal.com) under /v1/notifications/certs/, CN=messageverificationcerts(.sandbox).paypal.com.
/// The transmission time is signed (the replay window applies) and so is the transmission id, the delivery id. The
/// body is covered only through its CRC-32, which is no cryptographic hash: a body with the same CRC verifies.
/// </summary>
internal sealed class PayPalCheck : IAsyncSignatureCheck
{
    public const string SignatureHeader = "PAYPAL-TRANSMISSION-SIG";
    public const string IdHeader = "PAYPAL-TRANSMISSION-ID";
    public const string TimeHeader = "PAYPAL-TRANSMISSION-TIME";
    public const string CertificateHeader = "PAYPAL-CERT-URL";
    public const string AlgorithmHeader = "PAYPAL-AUTH-ALGO";
    public const string Algorithm = "SHA256withRSA";

    private const int MaxSignatureBytes = 512;

    private readonly string _webhookId;
    private readonly string _host;
    private readonly CertificateKeys _certificates;

    private PayPalCheck(string webhookId, string host, CertificateKeys certificates)
    {
        _webhookId = webhookId;
        _host = host;
        _certificates = certificates;
    }

    public Coverage Covers => Coverage.Timestamp | Coverage.DeliveryId;

    public string? SignedIdHeader => IdHeader;

    public static ISignatureCheck Create(ProviderSettings settings, ProviderEnvironment environment, ICollection<SettingProblem> problems)
    {
        var sandbox = EnvironmentSetting.IsSandbox(settings.Environment, problems);
        var host = Host(sandbox);
        var certificates = CertificateKeys.Create(
            settings.SigningCertificates,
            new KeySource(environment, "paypal"),
            sandbox ? "messageverificationcerts.sandbox.paypal.com" : "messageverificationcerts.paypal.com",
            url => IsCertificateUrl(url, host),
            $"https://{host}/v1/notifications/certs/<certificate name>",
            problems);
        return new PayPalCheck(settings.WebhookId ?? string.Empty, host, certificates);
    }

    public static string Host(bool sandbox) => sandbox ? "api.sandbox.paypal.com" : "api.paypal.com";

    /// <summary>`https://{host}/v1/notifications/certs/{name}`, character for character: no port, query, fragment or further path.</summary>
    public static bool IsCertificateUrl(string? url, string host)
    {
        var prefix = $"https://{host}/v1/notifications/certs/";
        if (url is null || !url.StartsWith(prefix, StringComparison.Ordinal) || url.Length == prefix.Length || url.Length > prefix.Length + 128)
        {
            return false;
        }

        foreach (var c in url.AsSpan(prefix.Length))
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.'))
            {
                return false;
            }
        }

        return url[prefix.Length] != '.';
    }

    /// <summary>The signed string, exactly as PayPal's SDKs build it.</summary>
    public static byte[] SignedString(string transmissionId, string transmissionTime, string webhookId, ReadOnlySpan<byte> body) =>
        Encoding.UTF8.GetBytes($"{transmissionId}|{transmissionTime}|{webhookId}|{Crc32.HashToUInt32(body).ToString(CultureInfo.InvariantCulture)}");

    public SignatureCheckResult Check(in WebhookRequest request)
    {
        if (Prepare(request, out var signed) is { } refused)
        {
            return refused;
        }

        return Verify(request, signed, _certificates.Find(signed.CertificateUrl, signed.Description));
    }

    public async ValueTask<SignatureCheckResult> CheckAsync(WebhookRequest request, CancellationToken cancellationToken)
    {
        if (Prepare(request, out var signed) is { } refused)
        {
            return refused;
        }

        var found = await _certificates.FindAsync(new Uri(signed.CertificateUrl), signed.Description, cancellationToken).ConfigureAwait(false);
        return Verify(request, signed, found);
    }

    private SignatureCheckResult Verify(in WebhookRequest request, in Signed signed, in CertificateLookup found) =>
        _certificates.Verify(
            found,
            request.Now,
            SignedString(signed.TransmissionId, signed.TransmissionTime, _webhookId, request.Body.Span),
            signed.Signature,
            HashAlgorithmName.SHA256,
            signed.Description,
            $"the transmission id, time, WebhookId and the CRC-32 of the {Reasons.Bytes(request.Body.Length)} received (check WebhookId: it is signed)",
            signed.Timestamp);

    private SignatureCheckResult? Prepare(in WebhookRequest request, out Signed signed)
    {
        signed = default;
        if (!SignatureHeaders.TryGetSingle(request, SignatureHeader, out var signature, out var failure))
        {
            return failure;
        }

        var bytes = new byte[MaxSignatureBytes];
        if (!Convert.TryFromBase64String(signature, bytes, out var length) || length == 0)
        {
            return Malformed(Reasons.NotInFormat(SignatureHeader, "base64 of an RSA signature"));
        }

        if (!TryGetOne(request, IdHeader, "the transmission id", out var transmissionId, out var refused)
            || !TryGetOne(request, TimeHeader, "the signed transmission time", out var transmissionTime, out refused)
            || !TryGetOne(request, CertificateHeader, "the signing certificate's URL", out var certificateUrl, out refused)
            || !TryGetOne(request, AlgorithmHeader, "the signature algorithm", out var algorithm, out refused))
        {
            return refused;
        }

        if (algorithm != Algorithm)
        {
            return Malformed($"`{AlgorithmHeader}` is not {Algorithm}, the one algorithm accepted (a sender may not pick a weaker one).");
        }

        if (!Timestamps.TryParse(transmissionTime, TimestampUnit.Rfc3339, out var timestamp))
        {
            return Malformed(Reasons.TimestampNotInFormat($"`{TimeHeader}`", TimestampUnit.Rfc3339));
        }

        if (!IsCertificateUrl(certificateUrl, _host))
        {
            return SignatureCheckResult.Fail(FailureCode.InvalidSignature, $"`{CertificateHeader}` is not an https certificate URL on {_host} under /v1/notifications/certs (Environment selects the host): nothing is fetched, and nothing verifies.");
        }

        signed = new Signed(transmissionId, transmissionTime, certificateUrl, bytes[..length], timestamp, $"the PAYPAL-CERT-URL certificate on {_host}");
        return null;
    }

    private static bool TryGetOne(in WebhookRequest request, string header, string what, out string value, out SignatureCheckResult? refused)
    {
        var found = request.Headers.Get(header);
        value = found.Value ?? string.Empty;
        refused = found.Presence == HeaderPresence.Single && value.Length > 0 ? null : Malformed(Reasons.SignedPartMissing(header, what));
        return refused is null;
    }

    private static SignatureCheckResult Malformed(string reason) => SignatureCheckResult.Fail(FailureCode.MalformedSignature, reason);

    private readonly record struct Signed(string TransmissionId, string TransmissionTime, string CertificateUrl, byte[] Signature, DateTimeOffset Timestamp, string Description);
}
