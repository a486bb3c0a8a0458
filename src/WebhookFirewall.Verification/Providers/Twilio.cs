using System.Security.Cryptography;
using WebhookFirewall.Verification.Primitives;
using WebhookFirewall.Verification.Schemes;

namespace WebhookFirewall.Verification.Providers;

/// <summary>
/// Twilio: `X-Twilio-Signature`, base64 HMAC-SHA1 (key: the auth token) of the public URL followed by every POST
/// parameter, sorted by name, as name + value. For JSON bodies Twilio adds `bodySHA256=` (hex SHA-256 of the body) to
/// the URL and signs the URL alone: the hash must then match the body. The URL is `PublicUrl` (plus the request's
/// query string when `PublicUrl` has none), tried with and without the default port as Twilio's SDKs do.
/// </summary>
/// <remarks>
/// What a form signature covers is the decoded parameter set, not the body's bytes: `a=1&amp;b=2` and `b=2&amp;a=1`, or
/// `+` and `%20`, verify alike — exactly as with Twilio's own validators, and harmless to any form parser upstream.
/// Names and values are concatenated without separators, so a captured form can even be re-split into different
/// fields and still verify (the README recommends Twilio's JSON mode, which binds the body by its hash). For the same
/// reason deliveries are not keyed by the raw body, which a replay could re-encode at will, but by
/// <see cref="SignedParametersDigest"/>: the digest of exactly what is signed. `I-Twilio-Idempotency-Token` is unsigned
/// and so not trusted as the key.
/// </remarks>
internal static class Twilio
{
    // ASP.NET Core's own form limit (FormOptions.ValueCountLimit); Twilio posts a few dozen parameters.
    private const int MaxParameters = 1024;

    public static ProviderDefinition Definition { get; } = new()
    {
        Name = "twilio",
        Summary = "X-Twilio-Signature: base64(HMAC-SHA1(auth token, PublicUrl + sorted form name+value)); JSON: PublicUrl carries bodySHA256=hex(SHA-256(body)) and only the URL is signed",
        Requires = ProviderSetting.Secrets | ProviderSetting.PublicUrl,
        Check = (settings, problems) => new TwilioSignatureCheck(settings.PublicUrl ?? string.Empty, SigningKeys.Decode(settings.Secrets, SecretDecoding.Utf8, problems)),
        DeliveryId = new SignedParametersDigest(),
        // TwiML: Twilio reads the backend's answer, so it cannot be given on the backend's behalf.
        ReplyCarriesBackendAnswer = true,
    };

    private sealed class TwilioSignatureCheck(string publicUrl, byte[][] keys) : ISignatureCheck, IWebhookSigner
    {
        private const string Header = "X-Twilio-Signature";
        private const string BodyHashParameter = "bodySHA256";
        private const int MacSize = 20;

        private readonly KeyedHmacs _macs = new(HmacAlgorithm.Sha1, keys);

        public Coverage Covers => Coverage.Body | Coverage.Url | Coverage.DeliveryId;

        public SignatureCheckResult Check(in WebhookRequest request)
        {
            var header = request.Headers.Get(Header);
            switch (header.Presence)
            {
                case HeaderPresence.Missing:
                    return SignatureCheckResult.Fail(FailureCode.MissingSignature, Reasons.Missing(Header));
                case HeaderPresence.Multiple:
                    return SignatureCheckResult.Fail(FailureCode.MalformedSignature, Reasons.Repeated(Header));
            }

            Span<byte> presented = stackalloc byte[MacSize];
            if (!SignatureDecoder.TryDecode(header.Value, SignatureEncoding.Base64, presented, MacSize))
            {
                return SignatureCheckResult.Fail(FailureCode.MalformedSignature, Reasons.NotInFormat(Header, Reasons.Shape(string.Empty, SignatureEncoding.Base64, MacSize)));
            }

            if (!PublicUrls.TryResolve(publicUrl, request.QueryString, SignedUrlRule.AppendRequestQuery, out var url))
            {
                return SignatureCheckResult.Fail(FailureCode.InvalidSignature, Reasons.QueryDiffersFromPublicUrl("Twilio", publicUrl));
            }

            var bodyHash = QueryParameters.Get(PublicUrls.Query(url).ToString(), BodyHashParameter);
            var result = bodyHash.Presence switch
            {
                HeaderPresence.Missing => CheckForm(url, request.Body.Span, presented),
                HeaderPresence.Single => CheckJson(url, bodyHash.Value!, request.Body.Span, presented),
                _ => SignatureCheckResult.Fail(FailureCode.MalformedSignature, $"the signed URL's {BodyHashParameter} query parameter is repeated."),
            };
            return result.Succeeded ? SignatureCheckResult.Matched(result.SecretIndex, signedUrl: PublicUrls.WithoutPort(url)) : result;
        }

        private string Mismatch(int bodyBytes, string what) =>
            $"`{Header}` is well-formed but {(keys.Length == 1 ? "the configured auth token never produces it" : $"none of the {keys.Length} configured auth tokens produces it")} over {what} ({Reasons.Bytes(bodyBytes)} received){Reasons.SignedUrlAdvice("Twilio", publicUrl)}: check the auth token, and that nothing in front of the firewall re-encodes the body.";

        /// <summary>The URL and the sorted form parameters, as Twilio signs every non-JSON request.</summary>
        private SignatureCheckResult CheckForm(string url, ReadOnlySpan<byte> body, ReadOnlySpan<byte> presented)
        {
            var status = FormFields.Parse(body, MaxParameters, out var form);
            try
            {
                switch (status)
                {
                    case FormParseStatus.TooManyFields:
                        return SignatureCheckResult.Fail(FailureCode.MalformedSignature, $"the form has more than {MaxParameters} parameters: Twilio posts a few dozen, so it is refused unread.");
                    case FormParseStatus.InvalidUtf8:
                        // Parameters that are not text cannot be what Twilio signed.
                        return SignatureCheckResult.Fail(FailureCode.InvalidSignature, "a form parameter is not UTF-8 once decoded, so it cannot be what Twilio signed.");
                }

                form.SortByNameThenValue();
                var index = MatchingKey(url, form, presented);
                return index < 0
                    ? SignatureCheckResult.Fail(FailureCode.InvalidSignature, Mismatch(body.Length, $"the URL and the {form.Count} form parameters"))
                    : SignatureCheckResult.Matched(index);
            }
            finally
            {
                form.Dispose();
            }
        }

        /// <summary>The URL alone is signed; the body is bound to it by the hash the URL carries.</summary>
        private SignatureCheckResult CheckJson(string url, string claimedHash, ReadOnlySpan<byte> body, ReadOnlySpan<byte> presented)
        {
            Span<byte> claimed = stackalloc byte[SHA256.HashSizeInBytes];
            if (!SignatureDecoder.TryDecode(claimedHash, SignatureEncoding.Hex, claimed, SHA256.HashSizeInBytes))
            {
                return SignatureCheckResult.Fail(FailureCode.MalformedSignature, $"the signed URL's {BodyHashParameter} is not 64 hex digits.");
            }

            Span<byte> actual = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(body, actual);
            var bodyMatches = CryptographicOperations.FixedTimeEquals(actual, claimed);
            var index = MatchingKey(url, default, presented);
            if (index >= 0 && !bodyMatches)
            {
                return SignatureCheckResult.Fail(FailureCode.InvalidSignature, $"the URL is signed, but its {BodyHashParameter} is not the SHA-256 of the {Reasons.Bytes(body.Length)} received: the body was changed on the way.");
            }

            return index >= 0 ? SignatureCheckResult.Matched(index) : SignatureCheckResult.Fail(FailureCode.InvalidSignature, Mismatch(body.Length, "the URL"));
        }

        /// <summary>The key that signed the URL (without, then with, its default port) and parameters, or -1.</summary>
        private int MatchingKey(string url, scoped in FormFields parameters, ReadOnlySpan<byte> presented)
        {
            var content = new PooledBytes(url.Length + 8);
            try
            {
                foreach (var variant in (ReadOnlySpan<string>)[PublicUrls.WithoutPort(url), PublicUrls.WithDefaultPort(url)])
                {
                    content.Truncate(0);
                    content.AppendUtf8(variant);
                    parameters.AppendNamesAndValues(ref content);

                    var index = _macs.IndexOfMatch(content.Written, presented);
                    if (index >= 0)
                    {
                        return index;
                    }
                }

                return -1;
            }
            finally
            {
                content.Dispose();
            }
        }

        /// <summary>
        /// Signs <see cref="SigningInput.Url"/> (else `PublicUrl`) as given: with the sorted form parameters of the
        /// body, or alone when the URL carries `bodySHA256` (a JSON body: put its hex SHA-256 in the URL first).
        /// </summary>
        public void Sign(SigningInput input, ICollection<KeyValuePair<string, string>> headers)
        {
            var url = input.Url ?? publicUrl;
            var signsBody = QueryParameters.Get(PublicUrls.Query(url).ToString(), BodyHashParameter).Presence == HeaderPresence.Missing;
            var status = FormFields.Parse(signsBody ? input.Body : [], MaxParameters, out var form);
            try
            {
                // A body that is not form text cannot verify whatever is signed: then the URL alone is.
                var parsed = status == FormParseStatus.Parsed;
                if (parsed)
                {
                    form.SortByNameThenValue();
                }

                headers.Add(new(Header, form.SignWithUrl(keys[0], url, parsed, input.Body.Length)));
            }
            finally
            {
                form.Dispose();
            }
        }
    }

    /// <summary>
    /// The signed URL's query (the only part of it that is not the policy's own `PublicUrl`), then the sorted form
    /// parameters as signed — or, in JSON mode, the body the URL's `bodySHA256` binds. A retry has the same digest; a
    /// replay that re-encodes, reorders or re-splits the form has it too.
    /// </summary>
    private sealed class SignedParametersDigest : SignedContentDeliveryId
    {
        public override string Description => "SHA-256 of the signed query and form parameters";

        protected override bool TryWriteSignedContent(in WebhookRequest request, ref PooledBytes content)
        {
            content.AppendUtf8(request.QueryString);
            content.Append([0]);
            if (QueryParameters.Get(request.QueryString, "bodySHA256").Presence != HeaderPresence.Missing)
            {
                content.Append(request.Body.Span);
                return true;
            }

            var status = FormFields.Parse(request.Body.Span, MaxParameters, out var form);
            try
            {
                if (status != FormParseStatus.Parsed)
                {
                    return false;
                }

                form.SortByNameThenValue();
                form.AppendNamesAndValues(ref content);
                return true;
            }
            finally
            {
                form.Dispose();
            }
        }
    }
}
