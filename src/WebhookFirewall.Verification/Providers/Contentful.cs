using System.Globalization;
using System.Text;
using WebhookFirewall.Verification.Primitives;
using WebhookFirewall.Verification.Schemes;

namespace WebhookFirewall.Verification.Providers;

/// <summary>
/// Contentful webhook request verification: `x-contentful-signature` is hex HMAC-SHA256 (key: the space's 64-character
/// signing secret) of a canonical request — method, path, the signed headers and the body, joined by '\n'
/// (contentful/node-apps-toolkit, src/requests/sign-request.ts and verify-request.ts, which Contentful's docs name as
/// the reference). The signed headers are those `x-contentful-signed-headers` lists (lower-case names, values trimmed),
/// always with that header itself (its value recomputed as the sorted list) and `x-contentful-timestamp` (Unix
/// milliseconds), sorted by name and written `name:value` joined by ';'. The timestamp is held to the policy's
/// ReplayWindow (the SDK's own TTL is 30 s). Contentful sends no delivery id.
/// </summary>
/// <remarks>
/// The path is the request target as received, path and query, escaped as the SDK escapes it (see
/// <see cref="CanonicalPath"/>): a proxy in front of the firewall that rewrites the path breaks the signature.
/// </remarks>
internal static class Contentful
{
    private const string SignatureHeader = "x-contentful-signature";
    private const string SignedHeadersHeader = "x-contentful-signed-headers";
    private const string TimestampHeader = "x-contentful-timestamp";
    private const int MacSize = 32;
    private const int SecretLength = 64;

    // The same bound as a signature list: a request lists its own headers and the webhook's, a handful.
    private const int MaxSignedHeaders = 16;

    public static ProviderDefinition Definition { get; } = new()
    {
        Name = "contentful",
        Summary = $"{SignatureHeader}: hex(HMAC-SHA256(signing secret, method \\n path \\n sorted {SignedHeadersHeader} headers incl. {TimestampHeader} (ms) \\n body))",
        Check = (settings, problems) =>
        {
            CheckSecrets(settings.Secrets, problems);
            return new ContentfulSignatureCheck(SigningKeys.Decode(settings.Secrets, SecretDecoding.Utf8, problems));
        },
        EventTypeHeader = "X-Contentful-Topic",
    };

    /// <summary>
    /// The SDK's getNormalizedEncodedURI: the query escaped as by `querystring.escape`, then the whole as by
    /// `encodeURI` — so a '%' already in the path or query is escaped again (`?x=1` is signed as `?x%253D1`). Null
    /// where JavaScript would throw, and for a query holding a second '?': the SDK's split drops what follows it, which
    /// would then reach the backend unsigned.
    /// </summary>
    internal static string? CanonicalPath(string path, string queryString)
    {
        var search = queryString.AsSpan().TrimStart('?');
        if (search.Contains('?'))
        {
            return null;
        }

        string target = path;
        if (!search.IsEmpty)
        {
            if (!JsUriEncoding.TryEscapeComponent(search, out var escaped))
            {
                return null;
            }

            target = string.Concat(path, "?", escaped);
        }

        return JsUriEncoding.TryEncodeUri(target, out var encoded) ? encoded : null;
    }

    /// <summary>Contentful only issues secrets of exactly 64 characters from one alphabet: anything else cannot be one.</summary>
    private static void CheckSecrets(IReadOnlyList<string> secrets, ICollection<SettingProblem> problems)
    {
        for (var i = 0; i < secrets.Count; i++)
        {
            if (secrets[i].Length != SecretLength || !secrets[i].All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '=' or '_' or '-'))
            {
                problems.Add(new SettingProblem($"Secrets:{i}", "is not a Contentful signing secret (exactly 64 characters of A-Z a-z 0-9 + / = _ -)"));
            }
        }
    }

    private sealed class ContentfulSignatureCheck(byte[][] keys) : ISignatureCheck, IWebhookSigner
    {
        private static readonly string Shape = Reasons.Shape(string.Empty, SignatureEncoding.Hex, MacSize);

        private readonly KeyedHmacs _macs = new(HmacAlgorithm.Sha256, keys);

        /// <summary>The path is signed too, but it is the request's own rather than a configured URL: there is no signed URL to report.</summary>
        public Coverage Covers => Coverage.Body | Coverage.Timestamp;

        public SignatureCheckResult Check(in WebhookRequest request)
        {
            Span<byte> presented = stackalloc byte[MacSize];
            if (!SignatureHeaders.TryDecodeSingle(request, SignatureHeader, SignatureEncoding.Hex, presented, out var failure, "Contentful signs webhooks only once request verification is enabled for the space."))
            {
                return failure;
            }

            var timestamp = request.Headers.Get(TimestampHeader);
            if (timestamp.Presence != HeaderPresence.Single)
            {
                return SignatureCheckResult.Fail(FailureCode.MalformedSignature, Reasons.SignedPartMissing(TimestampHeader, "the signed timestamp"));
            }

            if (!Timestamps.TryParse(timestamp.Value.AsSpan().Trim(), TimestampUnit.UnixMilliseconds, out var signedAt))
            {
                return SignatureCheckResult.Fail(FailureCode.MalformedSignature, Reasons.TimestampNotInFormat($"`{TimestampHeader}`", TimestampUnit.UnixMilliseconds));
            }

            var listed = request.Headers.Get(SignedHeadersHeader);
            if (listed.Presence != HeaderPresence.Single)
            {
                return SignatureCheckResult.Fail(FailureCode.MalformedSignature, Reasons.SignedPartMissing(SignedHeadersHeader, "the list of signed headers"));
            }

            var headers = new List<KeyValuePair<string, string>>();
            var unpicked = PickSignedHeaders(request.Headers, listed.Value!, headers);
            if (unpicked is not null)
            {
                return SignatureCheckResult.Fail(FailureCode.MalformedSignature, unpicked);
            }

            var path = CanonicalPath(request.Path, request.QueryString);
            if (path is null)
            {
                return SignatureCheckResult.Fail(FailureCode.InvalidSignature, "the request path is not text Contentful's SDK can escape, or its query holds a second '?' after which nothing is signed: it cannot be verified whole.");
            }

            var content = CanonicalRequest(request.Method, path, headers, signedAt, request.Body.Span);
            try
            {
                var index = _macs.IndexOfMatch(content.Written, presented);
                return index < 0
                    ? SignatureCheckResult.Fail(FailureCode.InvalidSignature, Reasons.NoSecretMatches(SignatureHeader, Shape, keys.Length, request.Body.Length, $" with its method, path and {headers.Count + 2} signed headers") + " The path must be the one registered at Contentful, unrewritten.")
                    : SignatureCheckResult.Matched(index, signedAt);
            }
            finally
            {
                content.Dispose();
            }
        }

        /// <summary>
        /// The listed headers the request has, as the SDK picks them: a listed name matches only the lower-case,
        /// trimmed name of a header (so a name listed in capitals or with spaces picks nothing), a listed header the
        /// request lacks is left out, and the list's own two headers are added later with their computed values.
        /// </summary>
        private static string? PickSignedHeaders(IWebhookHeaders requestHeaders, string list, List<KeyValuePair<string, string>> picked)
        {
            var names = list.Trim().Split(',');
            if (names.Length > MaxSignedHeaders)
            {
                return $"`{SignedHeadersHeader}` lists more than {MaxSignedHeaders} headers: Contentful signs a handful, so the list is refused unread.";
            }

            if (names.Length < 2)
            {
                return $"`{SignedHeadersHeader}` lists fewer than two headers: Contentful always lists itself and `{TimestampHeader}`.";
            }

            foreach (var name in names)
            {
                if (name.Length == 0 || name is SignedHeadersHeader or TimestampHeader || !IsNormalized(name) || picked.Exists(p => p.Key == name))
                {
                    continue;
                }

                var value = requestHeaders.Get(name);
                switch (value.Presence)
                {
                    case HeaderPresence.Multiple:
                        return Reasons.SignedPartMissing(name, "a signed header");
                    case HeaderPresence.Single:
                        picked.Add(new(name, value.Value!.Trim()));
                        break;
                }
            }

            return null;
        }

        private static bool IsNormalized(string name) => name.Trim().Length == name.Length && !name.Any(char.IsAsciiLetterUpper);

        private static PooledBytes CanonicalRequest(string method, string path, List<KeyValuePair<string, string>> headers, DateTimeOffset signedAt, ReadOnlySpan<byte> body)
        {
            headers.Add(new(TimestampHeader, signedAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)));
            headers.Add(new(SignedHeadersHeader, string.Empty));
            headers.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
            var signedNames = string.Join(',', headers.Select(h => h.Key));
            var text = new StringBuilder(method).Append('\n').Append(path).Append('\n');
            for (var i = 0; i < headers.Count; i++)
            {
                text.Append(i == 0 ? string.Empty : ";").Append(headers[i].Key).Append(':')
                    .Append(headers[i].Key == SignedHeadersHeader ? signedNames : headers[i].Value);
            }

            text.Append('\n');
            var content = new PooledBytes(Encoding.UTF8.GetMaxByteCount(text.Length) + body.Length);
            content.AppendUtf8(text.ToString());
            content.Append(body);
            return content;
        }

        /// <summary>
        /// As Contentful signs a webhook that lists only the two headers always signed: the path (and query) of
        /// <see cref="SigningInput.Url"/>, else `/`.
        /// </summary>
        public void Sign(SigningInput input, ICollection<KeyValuePair<string, string>> headers)
        {
            var (path, query) = PathAndQuery(input.Url);
            var content = CanonicalRequest(input.Method, CanonicalPath(path, query) ?? path, [], input.Timestamp, input.Body);
            try
            {
                Span<byte> mac = stackalloc byte[MacSize];
                Hmac.Compute(HmacAlgorithm.Sha256, keys[0], content.Written, mac);
                headers.Add(new(SignatureHeader, Convert.ToHexStringLower(mac)));
                headers.Add(new(SignedHeadersHeader, $"{SignedHeadersHeader},{TimestampHeader}"));
                headers.Add(new(TimestampHeader, input.Timestamp.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)));
            }
            finally
            {
                content.Dispose();
            }
        }

        private static (string Path, string Query) PathAndQuery(string? url)
        {
            var start = url?.IndexOf("://", StringComparison.Ordinal) ?? -1;
            var slash = start < 0 ? -1 : url!.IndexOf('/', start + 3);
            if (slash < 0)
            {
                return ("/", string.Empty);
            }

            var target = url![slash..].Split('#')[0];
            var question = target.IndexOf('?', StringComparison.Ordinal);
            return question < 0 ? (target, string.Empty) : (target[..question], target[question..]);
        }
    }
}
