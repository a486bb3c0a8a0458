using System.Buffers;
using System.Security.Cryptography;
using WebhookFirewall.Verification.Primitives;

namespace WebhookFirewall.Verification.Providers;

/// <summary>
/// The workhorse: one signature header, an optional prefix, hex or base64, HMAC over a content template. Most
/// providers are this class with different settings.
/// </summary>
public sealed class HmacSignatureCheck : ISignatureCheck, IWebhookSigner
{
    private const int StackContentLimit = 256;

    private readonly byte[][] _keys;
    private KeyedHmacs? _macs;

    // Follows Algorithm: object initializers (`new(...) { Algorithm = ... }`) run after the constructor, so a size
    // computed there was always SHA-256's and every SHA-1 / SHA-512 signature was refused as malformed.
    private readonly int _macSize = Hmac.SizeInBytes(HmacAlgorithm.Sha256);

    public HmacSignatureCheck(string signatureHeader, byte[][] keys)
    {
        SignatureHeader = signatureHeader;
        _keys = keys;
    }

    public string SignatureHeader { get; }

    public HmacAlgorithm Algorithm
    {
        get;
        init
        {
            field = value;
            _macSize = Hmac.SizeInBytes(value);
        }
    } = HmacAlgorithm.Sha256;

    public SignatureEncoding Encoding { get; init; } = SignatureEncoding.Hex;

    public string Prefix { get; init; } = string.Empty;

    public SignedContentTemplate SignedContent { get; init; } = SignedContentTemplate.BodyOnly;

    /// <summary>Header carrying the signed timestamp; required when the template uses `{timestamp}`.</summary>
    public string? TimestampHeader { get; init; }

    public TimestampUnit TimestampUnit { get; init; } = TimestampUnit.UnixSeconds;

    /// <summary>Header carrying the `{id}` of the template (Twitch's message id).</summary>
    public string? DeliveryIdHeader { get; init; }

    public SignatureCheckResult Check(in WebhookRequest request)
    {
        var header = request.Headers.Get(SignatureHeader);
        if (header.Presence == HeaderPresence.Missing)
        {
            return SignatureCheckResult.Fail(FailureCode.MissingSignature);
        }

        var text = header.Value.AsSpan();
        if (header.Presence == HeaderPresence.Multiple || !text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return SignatureCheckResult.Fail(FailureCode.MalformedSignature);
        }

        Span<byte> presented = stackalloc byte[Hmac.MaxSizeInBytes];
        if (!SignatureDecoder.TryDecode(text[Prefix.Length..], Encoding, presented, _macSize))
        {
            return SignatureCheckResult.Fail(FailureCode.MalformedSignature);
        }

        string? timestampText = null;
        DateTimeOffset? timestamp = null;
        if (TimestampHeader is not null)
        {
            var value = request.Headers.Get(TimestampHeader);
            if (value.Presence != HeaderPresence.Single || !Timestamps.TryParse(value.Value, TimestampUnit, out var parsed))
            {
                return SignatureCheckResult.Fail(FailureCode.MalformedSignature);
            }

            timestampText = value.Value;
            timestamp = parsed;
        }

        string? deliveryId = null;
        if (DeliveryIdHeader is not null)
        {
            var value = request.Headers.Get(DeliveryIdHeader);
            if (value.Presence != HeaderPresence.Single)
            {
                return SignatureCheckResult.Fail(FailureCode.MalformedSignature);
            }

            deliveryId = value.Value;
        }

        var index = MatchingKey(request, presented[.._macSize], timestampText, deliveryId);
        return index < 0 ? SignatureCheckResult.Fail(FailureCode.InvalidSignature) : SignatureCheckResult.Matched(index, timestamp);
    }

    /// <summary>
    /// Index of the first key whose MAC equals one of the <paramref name="presented"/> MACs (laid end to end, each the
    /// algorithm's size), or -1. The content is built and each key's MAC computed once, however many are presented.
    /// </summary>
    internal int MatchingKey(in WebhookRequest request, ReadOnlySpan<byte> presented, string? timestamp, string? deliveryId)
    {
        var body = request.Body.Span;
        if (SignedContent.IsBodyOnly)
        {
            return MatchingKey(body, presented);
        }

        var values = new SignedContentValues(body, timestamp, deliveryId, request.Method);
        var length = SignedContent.GetLength(values);
        byte[]? rented = null;
        var content = length <= StackContentLimit
            ? stackalloc byte[StackContentLimit]
            : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var written = SignedContent.Write(values, content);
            return MatchingKey(content[..written], presented);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    // Built on first use: Algorithm is an init property, set after the constructor has run.
    private int MatchingKey(ReadOnlySpan<byte> content, ReadOnlySpan<byte> presented) =>
        (_macs ??= new KeyedHmacs(Algorithm, _keys)).IndexOfMatch(content, presented);

    public void Sign(SigningInput input, ICollection<KeyValuePair<string, string>> headers)
    {
        var timestamp = TimestampHeader is null ? null : Timestamps.Format(input.Timestamp, TimestampUnit);
        var deliveryId = DeliveryIdHeader is null ? null : input.DeliveryId;
        var values = new SignedContentValues(input.Body, timestamp, deliveryId, input.Method, input.Url);
        var content = new byte[SignedContent.GetLength(values)];
        SignedContent.Write(values, content);
        Span<byte> mac = stackalloc byte[Hmac.MaxSizeInBytes];
        var size = Hmac.Compute(Algorithm, _keys[0], content, mac);
        var encoded = Encoding == SignatureEncoding.Hex ? Convert.ToHexStringLower(mac[..size]) : Convert.ToBase64String(mac[..size]);
        headers.Add(new(SignatureHeader, Prefix + encoded));
        if (timestamp is not null)
        {
            headers.Add(new(TimestampHeader!, timestamp));
        }

        if (deliveryId is not null)
        {
            headers.Add(new(DeliveryIdHeader!, deliveryId));
        }
    }
}
