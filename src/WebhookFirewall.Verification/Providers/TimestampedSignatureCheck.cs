using System.Globalization;
using WebhookFirewall.Verification.Primitives;

namespace WebhookFirewall.Verification.Providers;

/// <summary>
/// One header carrying a Unix-seconds timestamp and one or more hex HMAC-SHA256 signatures of "timestamp, separator,
/// body", in the shape Stripe made common: Paddle `ts=..;h1=..[;h1=..]` over `{ts}:{body}`, Calendly `t=..,v1=..` over
/// `{t}.{body}`. Exactly one timestamp; signatures that do not decode are skipped (Paddle's own SDK test puts an
/// `h1=dummy` before the real one); keys of other schemes are ignored.
/// </summary>
internal sealed class TimestampedSignatureCheck : ISignatureCheck, IWebhookSigner
{
    private const int MaxSignatures = 16;
    private const int MacSize = 32;

    private readonly string _header;
    private readonly char _separator;
    private readonly string _timestampKey;
    private readonly string _signatureKey;
    private readonly SignedContentTemplate _content;
    private readonly byte[][] _keys;
    private readonly HmacSignatureCheck _mac;

    public TimestampedSignatureCheck(string header, char separator, string timestampKey, string signatureKey, string template, byte[][] keys)
    {
        _header = header;
        _separator = separator;
        _timestampKey = timestampKey + "=";
        _signatureKey = signatureKey + "=";
        _content = SignedContentTemplate.Parse(template);
        _keys = keys;
        _mac = new HmacSignatureCheck(header, keys) { SignedContent = _content };
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
        var listed = 0;
        ReadOnlySpan<char> timestamp = default;
        var timestamps = 0;
        var text = header.Value.AsSpan();
        foreach (var range in text.Split(_separator))
        {
            var item = text[range].Trim();
            if (item.IndexOf('=') <= 0)
            {
                return SignatureCheckResult.Fail(FailureCode.MalformedSignature); // not key=value: not this format
            }

            if (item.StartsWith(_timestampKey, StringComparison.Ordinal))
            {
                timestamp = item[_timestampKey.Length..];
                timestamps++;
            }
            else if (item.StartsWith(_signatureKey, StringComparison.Ordinal))
            {
                if (++listed > MaxSignatures)
                {
                    return SignatureCheckResult.Fail(FailureCode.MalformedSignature);
                }

                if (SignatureDecoder.TryDecode(item[_signatureKey.Length..], SignatureEncoding.Hex, candidates[(count * MacSize)..], MacSize))
                {
                    count++;
                }
            }
        }

        if (timestamps != 1 || count == 0 || !Timestamps.TryParse(timestamp, TimestampUnit.UnixSeconds, out var signedAt))
        {
            return SignatureCheckResult.Fail(FailureCode.MalformedSignature);
        }

        var index = _mac.MatchingKey(request, candidates[..(count * MacSize)], timestamp.ToString(), deliveryId: null);
        return index < 0 ? SignatureCheckResult.Fail(FailureCode.InvalidSignature) : SignatureCheckResult.Matched(index, signedAt);
    }

    /// <summary>The timestamp and one signature made with the first secret, in the provider's own layout.</summary>
    public void Sign(SigningInput input, ICollection<KeyValuePair<string, string>> headers)
    {
        var timestamp = input.Timestamp.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var values = new SignedContentValues(input.Body, timestamp);
        var content = new byte[_content.GetLength(values)];
        _content.Write(values, content);
        Span<byte> mac = stackalloc byte[MacSize];
        Hmac.Compute(HmacAlgorithm.Sha256, _keys[0], content, mac);
        headers.Add(new(_header, $"{_timestampKey}{timestamp}{_separator}{_signatureKey}{Convert.ToHexStringLower(mac)}"));
    }
}
