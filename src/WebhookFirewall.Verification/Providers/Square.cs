using WebhookFirewall.Verification.Primitives;

namespace WebhookFirewall.Verification.Providers;

/// <summary>
/// Square: `x-square-hmacsha256-signature`, base64 HMAC-SHA256 (key: the subscription's signature key) of the
/// notification URL immediately followed by the body. The URL is `PublicUrl`, plus the request's query string when
/// `PublicUrl` has none. The event's `event_id` is the delivery id.
/// </summary>
public static class Square
{
    public static ProviderDefinition Definition { get; } = new()
    {
        Name = "square",
        Summary = "x-square-hmacsha256-signature: base64(HMAC-SHA256(signature key, PublicUrl + body))",
        NeedsPublicUrl = true,
        DefaultDeliveryId = DeliveryIdSource.JsonField("event_id"),
        Create = (settings, problems) =>
        {
            PublicUrls.Validate(settings.PublicUrl, problems);
            return new ProviderVerifier(
                "square",
                new SquareSignatureCheck(settings.PublicUrl ?? string.Empty, SigningKeys.Decode(settings.Secrets, SecretDecoding.Utf8, problems)),
                settings.ReplayWindow,
                Definition!.DeliveryIdFor(settings));
        },
    };

    private sealed class SquareSignatureCheck(string publicUrl, byte[][] keys) : ISignatureCheck, IWebhookSigner
    {
        private const string Header = "x-square-hmacsha256-signature";
        private const int MacSize = 32;

        private readonly KeyedHmacs _macs = new(HmacAlgorithm.Sha256, keys);

        public SignatureCheckResult Check(in WebhookRequest request)
        {
            var header = request.Headers.Get(Header);
            if (header.Presence == HeaderPresence.Missing)
            {
                return SignatureCheckResult.Fail(FailureCode.MissingSignature);
            }

            Span<byte> presented = stackalloc byte[MacSize];
            if (header.Presence == HeaderPresence.Multiple || !SignatureDecoder.TryDecode(header.Value, SignatureEncoding.Base64, presented, MacSize))
            {
                return SignatureCheckResult.Fail(FailureCode.MalformedSignature);
            }

            var index = MatchingKey(PublicUrls.Resolve(publicUrl, request.QueryString), request.Body.Span, presented);
            return index < 0 ? SignatureCheckResult.Fail(FailureCode.InvalidSignature) : SignatureCheckResult.Matched(index);
        }

        /// <summary>Signs <see cref="SigningInput.Url"/> (else `PublicUrl`) as given, followed by the body.</summary>
        public void Sign(SigningInput input, ICollection<KeyValuePair<string, string>> headers)
        {
            var content = Content(input.Url ?? publicUrl, input.Body);
            try
            {
                Span<byte> mac = stackalloc byte[MacSize];
                Hmac.Compute(HmacAlgorithm.Sha256, keys[0], content.Written, mac);
                headers.Add(new(Header, Convert.ToBase64String(mac)));
            }
            finally
            {
                content.Dispose();
            }
        }

        private int MatchingKey(string url, ReadOnlySpan<byte> body, ReadOnlySpan<byte> presented)
        {
            var content = Content(url, body);
            try
            {
                return _macs.IndexOfMatch(content.Written, presented);
            }
            finally
            {
                content.Dispose();
            }
        }

        private static PooledBytes Content(string url, ReadOnlySpan<byte> body)
        {
            var content = new PooledBytes(url.Length * 3 + body.Length);
            content.AppendUtf8(url);
            content.Append(body);
            return content;
        }
    }
}
