using System.Buffers;
using WebhookFirewall.Verification.Primitives;

namespace WebhookFirewall.Verification.Schemes;

/// <summary>
/// The workhorse: an <see cref="HmacScheme"/> checked against the request. The content is built and each key's MAC
/// computed once, however many signatures the header lists, so a padded list costs an unauthenticated sender's target
/// no extra hashing of a large body.
/// </summary>
internal sealed class HmacCheck : ISignatureCheck, IWebhookSigner
{
    private const int StackContentLimit = 256;

    private readonly HmacScheme _scheme;
    private readonly byte[][] _keys;
    private readonly KeyedHmacs _macs;
    private readonly string? _publicUrl;
    private readonly byte[]? _timestampField;
    private readonly IReadOnlyList<string> _keyIds;
    private readonly SecretTokens? _keyIdTokens;

    /// <param name="keyIds">With <see cref="HmacScheme.KeyIdHeader"/>: the key id of each key, in the same order.</param>
    public HmacCheck(HmacScheme scheme, byte[][] keys, string? publicUrl = null, IReadOnlyList<string>? keyIds = null)
    {
        if ((scheme.KeyIdHeader is null) != (keyIds is null)
            || (scheme.List is not null && scheme.MoreSignatureHeaders.Count > 0)
            || scheme.MoreSignatureHeaders.Count >= SignatureList.MaxSignatures)
        {
            throw new ArgumentException("a key id header needs the key ids; more signature headers take single signatures, fewer than a list's maximum", nameof(scheme));
        }

        _scheme = scheme;
        _keys = keys;
        _macs = new KeyedHmacs(scheme.Algorithm, keys);
        _publicUrl = publicUrl;
        _keyIds = keyIds ?? [];
        // Key ids are no secret, but comparing them like tokens costs one small hash and leaks nothing either.
        _keyIdTokens = keyIds is null ? null : new SecretTokens(keyIds);
        _timestampField = scheme.TimestampField is null ? null : System.Text.Encoding.UTF8.GetBytes(scheme.TimestampField);
        Covers = Coverage.Body
            | (scheme.SignsTimestamp ? Coverage.Timestamp : Coverage.None)
            | (scheme.IdHeader is not null ? Coverage.DeliveryId : Coverage.None)
            | (scheme.Content.UsesUrl ? Coverage.Url : Coverage.None);
    }

    public Coverage Covers { get; }

    public string? SignedIdHeader => _scheme.IdHeader;

    public HmacScheme Scheme => _scheme;

    public SignatureCheckResult Check(in WebhookRequest request)
    {
        var header = request.Headers.Get(_scheme.Header);
        switch (header.Presence)
        {
            case HeaderPresence.Missing:
                return SignatureCheckResult.Fail(FailureCode.MissingSignature, Reasons.Missing(_scheme.Header));
            case HeaderPresence.Multiple:
                return SignatureCheckResult.Fail(FailureCode.MalformedSignature, Reasons.Repeated(_scheme.Header));
        }

        var macSize = _scheme.MacSize;
        Span<byte> candidates = stackalloc byte[SignatureList.MaxSignatures * Hmac.MaxSizeInBytes];
        int count;
        int listed;
        ReadOnlySpan<char> timestampText = default;
        var text = header.Value.AsSpan();
        if (_scheme.List is { } format)
        {
            var status = SignatureList.Parse(text, format, _scheme.Encoding, macSize, candidates, out count, out listed, out timestampText);
            var failure = status switch
            {
                SignatureListStatus.TooMany => Reasons.TooManyListed(_scheme.Header, SignatureList.MaxSignatures),
                SignatureListStatus.NoSignature => Reasons.NoListedSignature(_scheme.Header, _scheme.Shape),
                SignatureListStatus.NoTimestamp => Reasons.SignedPartMissing(_scheme.Header, $"its {format.TimestampKey ?? "leading"} timestamp entry"),
                SignatureListStatus.NotTheFormat => Reasons.NotInFormat(_scheme.Header, _scheme.Shape),
                _ => null,
            };
            if (failure is not null)
            {
                return SignatureCheckResult.Fail(FailureCode.MalformedSignature, failure);
            }
        }
        else
        {
            if (!text.StartsWith(_scheme.Prefix, StringComparison.Ordinal)
                || !SignatureDecoder.TryDecode(text[_scheme.Prefix.Length..], _scheme.Encoding, candidates, macSize))
            {
                return SignatureCheckResult.Fail(FailureCode.MalformedSignature, Reasons.NotInFormat(_scheme.Header, _scheme.Shape));
            }

            count = listed = 1;
            // Indexed loops: an interface foreach would allocate an enumerator on every request.
            for (var i = 0; i < _scheme.MoreSignatureHeaders.Count; i++)
            {
                var more = _scheme.MoreSignatureHeaders[i];
                var value = request.Headers.Get(more);
                if (value.Presence == HeaderPresence.Multiple)
                {
                    return SignatureCheckResult.Fail(FailureCode.MalformedSignature, Reasons.Repeated(more));
                }

                // A key that is not set up may leave its header empty: skipped, as is anything else that cannot be a MAC.
                if (value.Presence == HeaderPresence.Single && value.Value!.StartsWith(_scheme.Prefix, StringComparison.Ordinal)
                    && SignatureDecoder.TryDecode(value.Value.AsSpan(_scheme.Prefix.Length), _scheme.Encoding, candidates[(count * macSize)..], macSize))
                {
                    count++;
                }
            }

            listed = count;
        }

        for (var i = 0; i < _scheme.RequiredHeaders.Count; i++)
        {
            var (name, expected) = _scheme.RequiredHeaders[i];
            var value = request.Headers.Get(name);
            if (value.Presence != HeaderPresence.Single || !string.Equals(value.Value, expected, StringComparison.Ordinal))
            {
                return SignatureCheckResult.Fail(FailureCode.MalformedSignature, Reasons.RequiredValue(name, expected));
            }
        }

        DateTimeOffset? signedAt = null;
        string? timestamp = null;
        if (_scheme.TimestampHeader is { } timestampHeader)
        {
            var value = request.Headers.Get(timestampHeader);
            if (value.Presence != HeaderPresence.Single)
            {
                return SignatureCheckResult.Fail(FailureCode.MalformedSignature, Reasons.SignedPartMissing(timestampHeader, "the signed timestamp"));
            }

            timestampText = value.Value;
        }

        if (_scheme.TimestampHeader is not null || _scheme.List?.HasTimestamp == true)
        {
            if (!Timestamps.TryParse(timestampText, _scheme.TimestampUnit, out var parsed))
            {
                var where = _scheme.TimestampHeader is null ? $"The timestamp in `{_scheme.Header}`" : $"`{_scheme.TimestampHeader}`";
                return SignatureCheckResult.Fail(FailureCode.MalformedSignature, Reasons.TimestampNotInFormat(where, _scheme.TimestampUnit));
            }

            signedAt = parsed;
            timestamp = timestampText.ToString();
        }

        string? deliveryId = null;
        if (_scheme.IdHeader is { } idHeader)
        {
            var value = request.Headers.Get(idHeader);
            if (value.Presence != HeaderPresence.Single || value.Value!.Length == 0)
            {
                return SignatureCheckResult.Fail(FailureCode.MalformedSignature, Reasons.SignedPartMissing(idHeader, "the delivery id"));
            }

            deliveryId = value.Value;
        }

        string? url = null;
        if (_scheme.Content.UsesUrl)
        {
            if (!PublicUrls.TryResolve(_publicUrl!, request.QueryString, _scheme.UrlRule, out url))
            {
                return SignatureCheckResult.Fail(FailureCode.InvalidSignature, Reasons.QueryDiffersFromPublicUrl(_scheme.DisplayName ?? "the provider", _publicUrl!));
            }
        }

        var onlyKey = -1;
        if (_scheme.KeyIdHeader is { } keyIdHeader)
        {
            var keyId = request.Headers.Get(keyIdHeader);
            if (keyId.Presence != HeaderPresence.Single || keyId.Value!.Length == 0)
            {
                return SignatureCheckResult.Fail(FailureCode.MalformedSignature, Reasons.KeyIdMissing(keyIdHeader));
            }

            onlyKey = _keyIdTokens!.IndexOf(keyId.Value);
            if (onlyKey < 0)
            {
                return SignatureCheckResult.Fail(FailureCode.InvalidSignature, Reasons.UnknownKeyId(keyIdHeader));
            }
        }

        var index = MatchingKey(request, candidates[..(count * macSize)], timestamp, deliveryId, url, onlyKey);
        if (index < 0)
        {
            var covering = url is not null ? Reasons.SignedUrlAdvice(_scheme.DisplayName ?? "the provider", _publicUrl!)
                : onlyKey >= 0 ? $" with the secret `{_scheme.KeyIdHeader}` selects"
                : null;
            var secrets = onlyKey >= 0 ? 1 : _keys.Length;
            return SignatureCheckResult.Fail(
                FailureCode.InvalidSignature,
                _scheme.MoreSignatureHeaders.Count > 0 && listed > 1
                    ? Reasons.NoneOfHeadersMatches(_scheme.Header, _scheme.MoreSignatureHeaders[^1], listed, secrets, request.Body.Length, covering)
                    : listed > 1
                    ? Reasons.NoneListedMatches(_scheme.Header, listed, secrets, request.Body.Length, covering)
                    : Reasons.NoSecretMatches(_scheme.Header, _scheme.Shape, secrets, request.Body.Length, covering));
        }

        if (_timestampField is not null)
        {
            // Read only once the body is known to be the provider's: the timestamp it carries is then signed too.
            if (!JsonBodyFields.TryGetString(request.Body.Span, _timestampField, out var fieldText)
                || !Timestamps.TryParse(fieldText, _scheme.TimestampUnit, out var fromBody))
            {
                return SignatureCheckResult.Fail(FailureCode.MalformedSignature, Reasons.TimestampNotInFormat($"The body field `{_scheme.TimestampField}`", _scheme.TimestampUnit));
            }

            signedAt = fromBody;
        }

        return SignatureCheckResult.Matched(index, signedAt, url);
    }

    /// <summary>
    /// Index of the first key whose MAC equals one of the <paramref name="presented"/> MACs (laid end to end), or -1;
    /// only key <paramref name="onlyKey"/> when the request named it.
    /// </summary>
    private int MatchingKey(in WebhookRequest request, ReadOnlySpan<byte> presented, string? timestamp, string? deliveryId, string? url, int onlyKey)
    {
        var body = request.Body.Span;
        if (_scheme.Content.IsBodyOnly)
        {
            return Match(body, presented, onlyKey);
        }

        var values = new SignedContentValues(body, timestamp, deliveryId, request.Method, url);
        var length = _scheme.Content.GetLength(values);
        byte[]? rented = null;
        var content = length <= StackContentLimit
            ? stackalloc byte[StackContentLimit]
            : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var written = _scheme.Content.Write(values, content);
            return Match(content[..written], presented, onlyKey);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private int Match(ReadOnlySpan<byte> content, ReadOnlySpan<byte> presented, int onlyKey) =>
        onlyKey < 0 ? _macs.IndexOfMatch(content, presented)
        : _macs.Matches(onlyKey, content, presented) ? onlyKey
        : -1;

    /// <summary>The provider's headers for <paramref name="input"/>, signed with the first key, in the provider's layout.</summary>
    public void Sign(SigningInput input, ICollection<KeyValuePair<string, string>> headers)
    {
        var timestamp = _scheme.SignsTimestamp && _scheme.TimestampField is null ? Timestamps.Format(input.Timestamp, _scheme.TimestampUnit) : null;
        var deliveryId = _scheme.IdHeader is null ? null : input.DeliveryId;
        var url = _scheme.Content.UsesUrl ? input.Url ?? _publicUrl : null;
        var values = new SignedContentValues(input.Body, timestamp, deliveryId, input.Method, url);
        var content = new byte[_scheme.Content.GetLength(values)];
        _scheme.Content.Write(values, content);
        Span<byte> mac = stackalloc byte[Hmac.MaxSizeInBytes];
        var size = Hmac.Compute(_scheme.Algorithm, _keys[0], content, mac);
        var encoded = SignatureDecoder.Encode(mac[..size], _scheme.Encoding);
        headers.Add(new(_scheme.Header, _scheme.List is { } list ? Layout(list, timestamp, encoded) : _scheme.Prefix + encoded));
        if (_scheme.TimestampHeader is not null)
        {
            headers.Add(new(_scheme.TimestampHeader, timestamp!));
        }

        if (deliveryId is not null)
        {
            headers.Add(new(_scheme.IdHeader!, deliveryId));
        }

        if (_scheme.KeyIdHeader is not null)
        {
            headers.Add(new(_scheme.KeyIdHeader, _keyIds[0]));
        }

        foreach (var required in _scheme.RequiredHeaders)
        {
            headers.Add(required);
        }
    }

    private static string Layout(SignatureListFormat list, string? timestamp, string signature)
    {
        var entry = list.KeyValue ? $"{list.SignatureKey}={signature}" : list.SignatureKey + signature;
        if (list.TimestampFirst)
        {
            return $"{timestamp}{list.Separator}{entry}";
        }

        return list.TimestampKey is null ? entry : $"{list.TimestampKey}={timestamp}{list.Separator}{entry}";
    }
}
