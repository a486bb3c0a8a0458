using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using WebhookFirewall.Verification.Primitives;

namespace WebhookFirewall.Verification.Schemes;

/// <summary>
/// The signing certificates of a certificate-signing provider (AWS SNS, PayPal): the policy's pins by URL, else the
/// environment's cache, else — verifying asynchronously — a fetch of a URL the caller has already checked against
/// the provider's host rule. Every certificate is held to the provider's subject and to its validity at the
/// request's clock before it verifies anything.
/// </summary>
internal sealed class CertificateKeys
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    private readonly FrozenDictionary<string, (SigningCertificate Certificate, int Index)> _pins;
    private readonly KeySource _source;
    private readonly string _subject;

    private CertificateKeys(FrozenDictionary<string, (SigningCertificate, int)> pins, KeySource source, string subject)
    {
        _pins = pins;
        _source = source;
        _subject = subject;
    }


    /// <summary>
    /// Reads `SigningCertificates`: each URL must be one the provider could send (<paramref name="isProviderUrl"/>),
    /// each PEM a certificate with the provider's subject; a URL is pinned once.
    /// </summary>
    public static CertificateKeys Create(IReadOnlyList<PinnedCertificate> pinned, KeySource source, string subject, Func<string, bool> isProviderUrl, string urlRule, ICollection<SettingProblem> problems)
    {
        var pins = new Dictionary<string, (SigningCertificate, int)>(StringComparer.Ordinal);
        for (var i = 0; i < pinned.Count; i++)
        {
            var (url, pem) = (pinned[i].Url, pinned[i].Pem);
            if (!isProviderUrl(url))
            {
                problems.Add(new SettingProblem($"SigningCertificates:{i}:Url", $"is not a certificate URL the provider sends ({urlRule})"));
            }
            else if (pins.ContainsKey(url))
            {
                problems.Add(new SettingProblem($"SigningCertificates:{i}:Url", "is pinned twice: a URL names one certificate"));
            }

            var certificate = SigningCertificate.TryRead(Encoding.ASCII.GetBytes(pem ?? string.Empty));
            if (certificate is null)
            {
                problems.Add(new SettingProblem($"SigningCertificates:{i}:File", "is not a PEM certificate with an RSA key of at least 2048 bits"));
            }
            else if (!string.Equals(certificate.CommonName, subject, StringComparison.OrdinalIgnoreCase))
            {
                problems.Add(new SettingProblem($"SigningCertificates:{i}:File", $"is a certificate for CN={certificate.CommonName}, not the provider's signing certificate (CN={subject})"));
            }
            else
            {
                pins.TryAdd(url, (certificate, i));
            }
        }

        return new CertificateKeys(pins.ToFrozenDictionary(StringComparer.Ordinal), source, subject);
    }

    /// <summary>A pinned or cached certificate for <paramref name="url"/>; never fetches.</summary>
    public CertificateLookup Find(string url, string description)
    {
        if (_pins.TryGetValue(url, out var pin))
        {
            return new CertificateLookup(pin.Certificate, pin.Index, null, null);
        }

        return FromCache(url, _source.Cached(url, description));
    }

    /// <summary>A pinned, cached or fetched certificate for <paramref name="url"/>, which passed the provider's host rule.</summary>
    public async ValueTask<CertificateLookup> FindAsync(Uri url, string description, CancellationToken cancellationToken)
    {
        var key = url.OriginalString;
        if (_pins.TryGetValue(key, out var pin))
        {
            return new CertificateLookup(pin.Certificate, pin.Index, null, null);
        }

        var lookup = await _source.GetAsync(key, description, source => source.FetchAsync(new KeyRequest(url, description), Read(description)), refresh: false, cancellationToken).ConfigureAwait(false);
        return FromCache(key, lookup);
    }

    /// <summary>
    /// The check's result for <paramref name="content"/> signed with <paramref name="signature"/>: key_unavailable
    /// when there is no certificate, invalid_signature when it may not sign now or did not sign this.
    /// </summary>
    public SignatureCheckResult Verify(in CertificateLookup found, DateTimeOffset now, ReadOnlySpan<byte> content, ReadOnlySpan<byte> signature, HashAlgorithmName hash, string certificate, string signed, DateTimeOffset signedAt)
    {
        if (found.Certificate is not { } key)
        {
            return SignatureCheckResult.Fail(FailureCode.KeyUnavailable, $"{found.Failure}: the signing certificate is needed to verify, so the provider should retry; pinning it (SigningCertificates) avoids the fetch.");
        }

        if (key.Refusal(_subject, now) is { } refusal)
        {
            return SignatureCheckResult.Fail(FailureCode.InvalidSignature, $"{certificate} cannot verify this message: {refusal}.");
        }

        if (!key.Verify(content, signature, hash))
        {
            return SignatureCheckResult.Fail(FailureCode.InvalidSignature, $"the signature is well-formed but is not {certificate}'s over {signed}: the message was changed, or was not signed by the provider.");
        }

        if (found.CacheKey is { } cacheKey)
        {
            _source.MarkVerified(cacheKey);
        }

        return SignatureCheckResult.Matched(Math.Max(found.Index, 0), signedAt);
    }

    private static CertificateLookup FromCache(string key, KeyLookup lookup) =>
        lookup.Value is SigningCertificate certificate
            ? new CertificateLookup(certificate, -1, key, null)
            : new CertificateLookup(null, -1, null, lookup.Failure ?? "the cached material is not a certificate");

    private static Func<byte[], KeyLookup> Read(string description) => body =>
        SigningCertificate.TryRead(body) is { } certificate
            ? KeyLookup.Of(certificate, Lifetime)
            : KeyLookup.Unavailable($"{description} did not answer a certificate with an RSA key of at least 2048 bits");
}
