using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Unicode;
using WebhookFirewall.Verification.Primitives;
using WebhookFirewall.Verification.Schemes;

namespace WebhookFirewall.Verification.Providers;

/// <summary>
/// HubSpot. v3: `X-HubSpot-Signature-v3`, base64 HMAC-SHA256 (key: the app's client secret) of method + URI + body +
/// `X-HubSpot-Request-Timestamp` (milliseconds), the URI with the reserved characters HubSpot lists percent-decoded.
/// Older requests: `X-HubSpot-Signature` with `X-HubSpot-Signature-Version` v1 = hex SHA-256 of secret + body, v2 =
/// hex SHA-256 of secret + method + URI + body. The URI is `PublicUrl`, plus the request's query string when it has none.
/// </summary>
/// <remarks>
/// When v3 is present it alone decides: a failing v3 is never rescued by a v1/v2 signature. v1/v2 are plain hashes,
/// open to length extension (a forger appends to a captured body and extends its hash); HubSpot's bodies are UTF-8
/// JSON and any extension starts with the byte 0x80, which is not UTF-8 after a complete character, so v1/v2 are only
/// accepted for bodies that are valid UTF-8. They sign no timestamp: nothing bounds how late they can be replayed but
/// idempotency. HubSpot sends no delivery id (its `eventId` is documented as not unique, and batches are arrays):
/// set `Idempotency.KeyHeader` if a proxy in front adds one.
/// </remarks>
internal static class HubSpot
{
    public static ProviderDefinition Definition { get; } = new()
    {
        Name = "hubspot",
        Summary = "X-HubSpot-Signature-v3: base64(HMAC-SHA256(client secret, method + PublicUrl + body + X-HubSpot-Request-Timestamp)); legacy X-HubSpot-Signature v1/v2 (SHA-256)",
        Requires = ProviderSetting.Secrets | ProviderSetting.PublicUrl,
        Check = (settings, problems) => new HubSpotSignatureCheck(settings.PublicUrl ?? string.Empty, SigningKeys.Decode(settings.Secrets, SecretDecoding.Utf8, problems)),
    };

    /// <summary>
    /// The percent-escapes HubSpot's request-validation docs list for v3 ("decode these characters in the URI"); any
    /// other escape stays as sent.
    /// </summary>
    internal static string DecodeListedEscapes(string uri)
    {
        if (!uri.Contains('%', StringComparison.Ordinal))
        {
            return uri;
        }

        var decoded = new StringBuilder(uri.Length);
        for (var i = 0; i < uri.Length; i++)
        {
            if (uri[i] == '%' && i + 2 < uri.Length && ListedCharacter(uri[i + 1], uri[i + 2]) is { } character)
            {
                decoded.Append(character);
                i += 2;
            }
            else
            {
                decoded.Append(uri[i]);
            }
        }

        return decoded.ToString();
    }

    private static char? ListedCharacter(char high, char low) => (char.ToUpperInvariant(high), char.ToUpperInvariant(low)) switch
    {
        ('3', 'A') => ':',
        ('2', 'F') => '/',
        ('3', 'F') => '?',
        ('4', '0') => '@',
        ('2', '1') => '!',
        ('2', '4') => '$',
        ('2', '7') => '\'',
        ('2', '8') => '(',
        ('2', '9') => ')',
        ('2', 'A') => '*',
        ('2', 'C') => ',',
        ('3', 'B') => ';',
        _ => null,
    };

    private sealed class HubSpotSignatureCheck(string publicUrl, byte[][] keys) : ISignatureCheck, IWebhookSigner
    {
        private const string V3Header = "X-HubSpot-Signature-v3";
        private const string TimestampHeader = "X-HubSpot-Request-Timestamp";
        private const string LegacyHeader = "X-HubSpot-Signature";
        private const string VersionHeader = "X-HubSpot-Signature-Version";
        private const int MacSize = 32;

        private readonly KeyedHmacs _macs = new(HmacAlgorithm.Sha256, keys);

        /// <summary>v3's coverage. v1/v2 sign no timestamp, but HubSpot sends no delivery id either: its deliveries are keyed by content whatever the version.</summary>
        public Coverage Covers => Coverage.Body | Coverage.Url | Coverage.Timestamp;

        public SignatureCheckResult Check(in WebhookRequest request)
        {
            var v3 = request.Headers.Get(V3Header);
            if (v3.Presence != HeaderPresence.Missing)
            {
                return CheckV3(request, v3);
            }

            var legacy = request.Headers.Get(LegacyHeader);
            return legacy.Presence == HeaderPresence.Missing
                ? SignatureCheckResult.Fail(FailureCode.MissingSignature, $"neither `{V3Header}` nor `{LegacyHeader}` is present: the request is not signed.")
                : CheckLegacy(request, legacy);
        }

        private SignatureCheckResult CheckV3(in WebhookRequest request, HeaderValue signature)
        {
            Span<byte> presented = stackalloc byte[MacSize];
            var timestamp = request.Headers.Get(TimestampHeader);
            if (signature.Presence == HeaderPresence.Multiple)
            {
                return SignatureCheckResult.Fail(FailureCode.MalformedSignature, Reasons.Repeated(V3Header));
            }

            if (!SignatureDecoder.TryDecode(signature.Value, SignatureEncoding.Base64, presented, MacSize))
            {
                return SignatureCheckResult.Fail(FailureCode.MalformedSignature, Reasons.NotInFormat(V3Header, Reasons.Shape(string.Empty, SignatureEncoding.Base64, MacSize)));
            }

            if (timestamp.Presence != HeaderPresence.Single || !Timestamps.TryParse(timestamp.Value, TimestampUnit.UnixMilliseconds, out var signedAt))
            {
                return SignatureCheckResult.Fail(FailureCode.MalformedSignature, Reasons.SignedPartMissing(TimestampHeader, "the signed timestamp, Unix milliseconds"));
            }

            if (!PublicUrls.TryResolve(publicUrl, request.QueryString, SignedUrlRule.AppendRequestQuery, out var url))
            {
                return SignatureCheckResult.Fail(FailureCode.InvalidSignature, Reasons.QueryDiffersFromPublicUrl("HubSpot", publicUrl));
            }

            var uri = DecodeListedEscapes(url);
            var content = V3Content(request.Method, uri, request.Body.Span, timestamp.Value!);
            try
            {
                var index = _macs.IndexOfMatch(content.Written, presented);
                return index < 0
                    ? SignatureCheckResult.Fail(
                        FailureCode.InvalidSignature,
                        Reasons.NoSecretMatches(V3Header, Reasons.Shape(string.Empty, SignatureEncoding.Base64, MacSize), keys.Length, request.Body.Length, " with its method, URL and timestamp" + Reasons.SignedUrlAdvice("HubSpot", publicUrl)))
                    : SignatureCheckResult.Matched(index, signedAt, url);
            }
            finally
            {
                content.Dispose();
            }
        }

        private SignatureCheckResult CheckLegacy(in WebhookRequest request, HeaderValue signature)
        {
            var version = request.Headers.Get(VersionHeader);
            Span<byte> presented = stackalloc byte[MacSize];
            if (signature.Presence == HeaderPresence.Multiple)
            {
                return SignatureCheckResult.Fail(FailureCode.MalformedSignature, Reasons.Repeated(LegacyHeader));
            }

            if (version.Presence != HeaderPresence.Single || version.Value is not ("v1" or "v2"))
            {
                return SignatureCheckResult.Fail(FailureCode.MalformedSignature, $"`{VersionHeader}` is absent, repeated or neither v1 nor v2: the legacy signature cannot be checked without it.");
            }

            if (!SignatureDecoder.TryDecode(signature.Value, SignatureEncoding.Hex, presented, MacSize))
            {
                return SignatureCheckResult.Fail(FailureCode.MalformedSignature, Reasons.NotInFormat(LegacyHeader, Reasons.Shape(string.Empty, SignatureEncoding.Hex, MacSize)));
            }

            var body = request.Body.Span;
            if (!Utf8.IsValid(body))
            {
                // See the remarks: length extension.
                return SignatureCheckResult.Fail(FailureCode.InvalidSignature, "a legacy v1/v2 signature over a body that is not UTF-8: HubSpot sends UTF-8 JSON, and v1/v2 are open to length extension, so such a body is refused.");
            }

            // v2 signs the URI exactly as requested, without v3's decoding.
            if (!PublicUrls.TryResolve(publicUrl, request.QueryString, SignedUrlRule.AppendRequestQuery, out var url))
            {
                return SignatureCheckResult.Fail(FailureCode.InvalidSignature, Reasons.QueryDiffersFromPublicUrl("HubSpot", publicUrl));
            }

            var methodAndUri = version.Value == "v2" ? Encoding.UTF8.GetBytes(request.Method + url) : [];
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            Span<byte> expected = stackalloc byte[MacSize];
            for (var i = 0; i < keys.Length; i++)
            {
                // secret + [method + URI +] body, hashed in pieces so the secret is never copied into a shared buffer.
                hash.AppendData(keys[i]);
                hash.AppendData(methodAndUri);
                hash.AppendData(body);
                hash.GetHashAndReset(expected);
                if (CryptographicOperations.FixedTimeEquals(expected, presented))
                {
                    return SignatureCheckResult.Matched(i, signedUrl: url);
                }
            }

            return SignatureCheckResult.Fail(
                FailureCode.InvalidSignature,
                Reasons.NoSecretMatches(LegacyHeader, $"{version.Value}, 64 hex digits", keys.Length, body.Length, version.Value == "v2" ? " with its method and URL" + Reasons.SignedUrlAdvice("HubSpot", publicUrl) : null));
        }

        /// <summary>v3 headers for <see cref="SigningInput.Url"/> (else `PublicUrl`) as given, signed now.</summary>
        public void Sign(SigningInput input, ICollection<KeyValuePair<string, string>> headers)
        {
            var timestamp = input.Timestamp.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
            var content = V3Content(input.Method, DecodeListedEscapes(input.Url ?? publicUrl), input.Body, timestamp);
            try
            {
                Span<byte> mac = stackalloc byte[MacSize];
                Hmac.Compute(HmacAlgorithm.Sha256, keys[0], content.Written, mac);
                headers.Add(new(V3Header, Convert.ToBase64String(mac)));
                headers.Add(new(TimestampHeader, timestamp));
            }
            finally
            {
                content.Dispose();
            }
        }

        private static PooledBytes V3Content(string method, string uri, ReadOnlySpan<byte> body, string timestamp)
        {
            var content = new PooledBytes(((method.Length + uri.Length + 20) * 3) + body.Length);
            content.AppendUtf8(method);
            content.AppendUtf8(uri);
            content.Append(body);
            content.AppendUtf8(timestamp);
            return content;
        }
    }
}
