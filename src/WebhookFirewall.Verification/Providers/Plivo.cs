using WebhookFirewall.Verification.Primitives;
using WebhookFirewall.Verification.Schemes;

namespace WebhookFirewall.Verification.Providers;

/// <summary>
/// Plivo (plivo/plivo-python, plivo/utils/signature_v3.py and utils/__init__.py; plivo/plivo-node,
/// lib/utils/v3Security.js and security.js). V3: `X-Plivo-Signature-V3` (account or subaccount token) and
/// `X-Plivo-Signature-Ma-V3` (main account token), comma-separated lists of base64 HMAC-SHA256 of the URL with its
/// query decoded and sorted (`PublicUrl`, see <see cref="SignedUrlRule.SortedRequestQuery"/>), for a POST the sorted
/// form parameters as name + value, then "." and `X-Plivo-Signature-V3-Nonce`. V2 (messaging callbacks):
/// `X-Plivo-Signature-V2` / `-Ma-V2`, base64 HMAC-SHA256 of the URL without its query followed by
/// `X-Plivo-Signature-V2-Nonce`. When any V3 header is present, V3 alone decides.
/// </summary>
/// <remarks>
/// Neither version signs a timestamp. The signed nonce is the delivery id, so a captured request is refused as a
/// duplicate for the idempotency record's lifetime. V2 signs the URL and the nonce only, not the parameters: a V2
/// signature seen once verifies any body under that nonce, which the record then refuses.
/// </remarks>
internal static class Plivo
{
    private const string V3Header = "X-Plivo-Signature-V3";
    private const string V3MainHeader = "X-Plivo-Signature-Ma-V3";
    private const string V3NonceHeader = "X-Plivo-Signature-V3-Nonce";
    private const string V2Header = "X-Plivo-Signature-V2";
    private const string V2MainHeader = "X-Plivo-Signature-Ma-V2";
    private const string V2NonceHeader = "X-Plivo-Signature-V2-Nonce";
    private const int MacSize = 32;

    // Plivo posts a few dozen parameters.
    private const int MaxFormFields = 1024;

    private static readonly SignatureListFormat CommaList = new() { Separator = ',', SignatureKey = string.Empty };
    private static readonly string Shape = Reasons.Shape(string.Empty, SignatureEncoding.Base64, MacSize);

    public static ProviderDefinition Definition { get; } = new()
    {
        Name = "plivo",
        Summary = $"{V3Header} / {V3MainHeader}: base64(HMAC-SHA256(auth token, PublicUrl with sorted query [+ sorted POST name+value] + \".\" + {V3NonceHeader})); V2: {V2Header} / {V2MainHeader} over the URL without query + {V2NonceHeader}",
        Requires = ProviderSetting.Secrets | ProviderSetting.PublicUrl,
        Check = (settings, problems) => new PlivoSignatureCheck(settings.PublicUrl ?? string.Empty, SigningKeys.Decode(settings.Secrets, SecretDecoding.Utf8, problems)),
        DeliveryId = new NonceDeliveryId(),
    };

    private static bool IsV3(in WebhookRequest request) =>
        request.Headers.Get(V3Header).Presence != HeaderPresence.Missing || request.Headers.Get(V3MainHeader).Presence != HeaderPresence.Missing;

    /// <summary>The URL without query or fragment: what V2 signs (urlunparse of scheme, netloc and path).</summary>
    private static string BaseUrl(string url)
    {
        var end = url.AsSpan().IndexOfAny('?', '#');
        return end < 0 ? url : url[..end];
    }

    private sealed class PlivoSignatureCheck(string publicUrl, byte[][] keys) : ISignatureCheck, IWebhookSigner
    {
        private readonly KeyedHmacs _macs = new(HmacAlgorithm.Sha256, keys);

        /// <summary>The URL and the nonce, in both versions; the parameters only in V3, so the body is not declared covered.</summary>
        public Coverage Covers => Coverage.Url | Coverage.DeliveryId;

        public string SignedIdHeader => V3NonceHeader;

        public SignatureCheckResult Check(in WebhookRequest request)
        {
            var v3 = IsV3(request);
            if (!v3 && request.Headers.Get(V2Header).Presence == HeaderPresence.Missing && request.Headers.Get(V2MainHeader).Presence == HeaderPresence.Missing)
            {
                return SignatureCheckResult.Fail(FailureCode.MissingSignature, $"neither `{V3Header}` nor `{V2Header}` (nor their -Ma- forms) is present: the request is not signed by Plivo.");
            }

            Span<byte> candidates = stackalloc byte[2 * SignatureList.MaxSignatures * MacSize];
            var second = 0;
            var failure = Read(request, v3 ? V3Header : V2Header, v3, candidates, out var first);
            failure ??= Read(request, v3 ? V3MainHeader : V2MainHeader, v3, candidates[(first * MacSize)..], out second);
            if (failure is not null)
            {
                return SignatureCheckResult.Fail(FailureCode.MalformedSignature, failure);
            }

            if (first + second == 0)
            {
                return SignatureCheckResult.Fail(FailureCode.MalformedSignature, Reasons.NoListedSignature(v3 ? V3Header : V2Header, Shape));
            }

            var nonceHeader = v3 ? V3NonceHeader : V2NonceHeader;
            var nonce = request.Headers.Get(nonceHeader);
            if (nonce.Presence != HeaderPresence.Single || nonce.Value!.Length == 0)
            {
                return SignatureCheckResult.Fail(FailureCode.MalformedSignature, Reasons.SignedPartMissing(nonceHeader, "the signed nonce"));
            }

            if (!PublicUrls.TryResolve(publicUrl, request.QueryString, SignedUrlRule.SortedRequestQuery, out var url))
            {
                return SignatureCheckResult.Fail(FailureCode.InvalidSignature, Reasons.QueryDiffersFromPublicUrl("Plivo", publicUrl));
            }

            var content = new PooledBytes(url.Length + request.Body.Length + nonce.Value.Length + 2);
            try
            {
                if (!v3)
                {
                    WriteV2(url, nonce.Value, ref content);
                }
                else if (WriteV3(request.Method, url, request.Body.Span, nonce.Value, ref content) is { } reason)
                {
                    return SignatureCheckResult.Fail(FailureCode.MalformedSignature, reason);
                }

                var index = _macs.IndexOfMatch(content.Written, candidates[..((first + second) * MacSize)]);
                return index < 0
                    ? SignatureCheckResult.Fail(FailureCode.InvalidSignature, Reasons.NoneListedMatches(v3 ? V3Header : V2Header, first + second, keys.Length, request.Body.Length, (v3 ? " as the URL, parameters and nonce" : " as the URL and nonce (V2 signs no parameters)") + Reasons.SignedUrlAdvice("Plivo", publicUrl)))
                    : SignatureCheckResult.Matched(index, signedUrl: url);
            }
            finally
            {
                content.Dispose();
            }
        }

        /// <summary>
        /// The signatures a header carries, if it is present: V3 writes a comma-separated list, V2 exactly one.
        /// </summary>
        private static string? Read(in WebhookRequest request, string header, bool list, Span<byte> candidates, out int count)
        {
            count = 0;
            if (request.Headers.Get(header).Presence == HeaderPresence.Missing)
            {
                return null;
            }

            if (!SignatureHeaders.TryGetSingle(request, header, out var value, out var failure))
            {
                return failure.Reason;
            }

            if (list)
            {
                return SignatureList.Parse(value, CommaList, SignatureEncoding.Base64, MacSize, candidates, out count, out _, out _) == SignatureListStatus.TooMany
                    ? Reasons.TooManyListed(header, SignatureList.MaxSignatures)
                    : null;
            }

            count = SignatureDecoder.TryDecode(value, SignatureEncoding.Base64, candidates, MacSize) ? 1 : 0;
            return count == 1 ? null : Reasons.NotInFormat(header, Shape);
        }

        /// <summary>
        /// construct_get_url / construct_post_url: a GET signs the sorted URL; a POST with parameters appends '?' when
        /// the URL has no query ('.' when it has one) and the parameters sorted, name + value. Then "." and the nonce.
        /// </summary>
        private static string? WriteV3(string method, string url, ReadOnlySpan<byte> body, string nonce, ref PooledBytes content)
        {
            content.AppendUtf8(url);
            if (!HttpMethods.IsGet(method))
            {
                var status = FormFields.Parse(body, MaxFormFields, out var form);
                try
                {
                    if (status != FormParseStatus.Parsed)
                    {
                        return $"the body is not a form of at most {MaxFormFields} text parameters, as Plivo posts them.";
                    }

                    if (form.Count > 0)
                    {
                        form.SortByNameThenValue();
                        content.Append(url.Contains('?', StringComparison.Ordinal) ? "."u8 : "?"u8);
                        form.AppendNamesAndValues(ref content);
                    }
                }
                finally
                {
                    form.Dispose();
                }
            }

            content.Append("."u8);
            content.AppendUtf8(nonce);
            return null;
        }

        private static void WriteV2(string url, string nonce, ref PooledBytes content)
        {
            content.AppendUtf8(BaseUrl(url));
            content.AppendUtf8(nonce);
        }

        /// <summary>V3 headers for <see cref="SigningInput.Url"/> (else `PublicUrl`), the delivery id as the nonce.</summary>
        public void Sign(SigningInput input, ICollection<KeyValuePair<string, string>> headers)
        {
            var url = input.Url ?? publicUrl;
            var question = url.IndexOf('?', StringComparison.Ordinal);
            PublicUrls.TryResolve(question < 0 ? url : url[..question], question < 0 ? string.Empty : url[question..], SignedUrlRule.SortedRequestQuery, out var sorted);
            var content = new PooledBytes(sorted.Length + input.Body.Length + input.DeliveryId.Length + 2);
            try
            {
                WriteV3(input.Method, sorted, input.Body, input.DeliveryId, ref content);
                Span<byte> mac = stackalloc byte[MacSize];
                Hmac.Compute(HmacAlgorithm.Sha256, keys[0], content.Written, mac);
                headers.Add(new(V3Header, Convert.ToBase64String(mac)));
                headers.Add(new(V3NonceHeader, input.DeliveryId));
            }
            finally
            {
                content.Dispose();
            }
        }
    }

    /// <summary>The nonce of the version that verified: signed, and new for every request Plivo makes.</summary>
    private sealed class NonceDeliveryId : DeliveryIdSource
    {
        public override string Description => $"header {V3NonceHeader} ({V2NonceHeader} for V2)";

        public override string? HeaderName => V3NonceHeader;

        public override bool IsCoveredBy(ISignatureCheck check) => check.Covers.HasFlag(Coverage.DeliveryId);

        public override bool TryRead(in WebhookRequest request, out string? deliveryId)
        {
            var nonce = request.Headers.Get(IsV3(request) ? V3NonceHeader : V2NonceHeader);
            deliveryId = nonce.Presence == HeaderPresence.Single && nonce.Value!.Length > 0 ? nonce.Value : null;
            return nonce.Presence != HeaderPresence.Multiple;
        }
    }
}
