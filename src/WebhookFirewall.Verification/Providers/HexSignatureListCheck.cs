using WebhookFirewall.Verification.Primitives;

namespace WebhookFirewall.Verification.Providers;

/// <summary>
/// One header carrying a comma-separated list of `v1=` hex HMAC-SHA256 signatures of the body (PagerDuty while a
/// secret rolls over, CircleCI which reserves the list for future schemes). Entries of other schemes are not ours to
/// judge and are skipped; the request verifies when any `v1=` entry matches any configured secret.
/// </summary>
internal sealed class HexSignatureListCheck : ISignatureCheck, IWebhookSigner
{
    // A rotation lists a handful; a long list is an attempt to make us work.
    private const int MaxSignatures = 16;
    private const string EntryPrefix = "v1=";
    private const int MacSize = 32;

    private readonly string _header;
    private readonly KeyedHmacs _macs;
    private readonly HmacSignatureCheck _signer;

    public HexSignatureListCheck(string header, byte[][] keys)
    {
        _header = header;
        _macs = new KeyedHmacs(HmacAlgorithm.Sha256, keys);
        _signer = new HmacSignatureCheck(header, keys) { Prefix = EntryPrefix };
    }

    public SignatureCheckResult Check(in WebhookRequest request)
    {
        var header = request.Headers.Get(_header);
        if (header.Presence == HeaderPresence.Missing)
        {
            return SignatureCheckResult.Fail(FailureCode.MissingSignature);
        }

        if (header.Presence == HeaderPresence.Multiple)
        {
            return SignatureCheckResult.Fail(FailureCode.MalformedSignature);
        }

        Span<byte> candidates = stackalloc byte[MaxSignatures * MacSize];
        var count = 0;
        var list = header.Value.AsSpan();
        foreach (var range in list.Split(','))
        {
            var entry = list[range].Trim();
            if (!entry.StartsWith(EntryPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            if (count == MaxSignatures)
            {
                return SignatureCheckResult.Fail(FailureCode.MalformedSignature);
            }

            if (SignatureDecoder.TryDecode(entry[EntryPrefix.Length..], SignatureEncoding.Hex, candidates[(count * MacSize)..], MacSize))
            {
                count++;
            }
        }

        if (count == 0)
        {
            return SignatureCheckResult.Fail(FailureCode.MalformedSignature);
        }

        var index = _macs.IndexOfMatch(request.Body.Span, candidates[..(count * MacSize)]);
        return index < 0 ? SignatureCheckResult.Fail(FailureCode.InvalidSignature) : SignatureCheckResult.Matched(index);
    }

    /// <summary>One `v1=` entry, signed with the first secret.</summary>
    public void Sign(SigningInput input, ICollection<KeyValuePair<string, string>> headers) => _signer.Sign(input, headers);
}
