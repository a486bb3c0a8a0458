using System.Text;
using Stripe;
using WebhookFirewall.Verification.Primitives;
using WebhookFirewall.Verification.Schemes;

namespace WebhookFirewall.Verification.Providers;

/// <summary>
/// Stripe: `Stripe-Signature: t=..,v1=..[,v1=..]`, checked by Stripe.net's own <see cref="EventUtility"/>. The
/// event `id` in the body is the delivery id: Stripe re-signs every retry with a new `t`.
/// </summary>
/// <remarks>
/// The official SDK decides. It costs more than the raw-byte HMAC the other providers use (EventUtility works on
/// strings: the body is decoded, re-encoded and hashed; see load-tests/results/design-notes.md); the header is
/// parsed first, strictly, so that malformed input never reaches the SDK's exception path.
/// </remarks>
internal static class Stripe
{
    public static ProviderDefinition Definition { get; } = new()
    {
        Name = "stripe",
        Summary = "Stripe-Signature: t=..,v1=hex(HMAC-SHA256(whsec_ secret, \"{t}.{body}\")), via Stripe.net EventUtility",
        Check = (settings, _) => new StripeSignatureCheck(settings.Secrets),
        DeliveryId = DeliveryIdSource.JsonField("id"),
    };

    private sealed class StripeSignatureCheck(IReadOnlyList<string> secrets) : ISignatureCheck, IWebhookSigner
    {
        private const string Header = "Stripe-Signature";
        private const int MacSize = 32;
        private const string Shape = "t=<Unix seconds>,v1=<64 hex digits>[,v1=..]";

        private static readonly SignatureListFormat Format = new() { Separator = ',', KeyValue = true, TimestampKey = "t", SignatureKey = "v1", StrictEntries = true };

        // EventUtility works on strings. A lenient decoder would map invalid bytes to U+FFFD, and then bytes that
        // were never signed could verify: decode strictly, and treat what does not decode as unsigned.
        private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

        public Coverage Covers => Coverage.Body | Coverage.Timestamp;

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

            Span<byte> candidates = stackalloc byte[SignatureList.MaxSignatures * MacSize];
            var status = SignatureList.Parse(header.Value, Format, SignatureEncoding.Hex, MacSize, candidates, out var count, out _, out var timestampText);
            if (status != SignatureListStatus.Parsed
                || !Timestamps.TryParse(timestampText, TimestampUnit.UnixSeconds, out var signedAt)
                || signedAt.ToUnixTimeSeconds() > int.MaxValue)
            {
                return SignatureCheckResult.Fail(
                    FailureCode.MalformedSignature,
                    status == SignatureListStatus.TooMany ? Reasons.TooManyListed(Header, SignatureList.MaxSignatures) : Reasons.NotInFormat(Header, Shape));
            }

            string payload;
            try
            {
                payload = StrictUtf8.GetString(request.Body.Span);
            }
            catch (DecoderFallbackException)
            {
                return SignatureCheckResult.Fail(FailureCode.InvalidSignature, "the body is not valid UTF-8, so it cannot be what Stripe signed (Stripe sends UTF-8 JSON): something in front of the firewall changed it.");
            }

            for (var i = 0; i < secrets.Count; i++)
            {
                try
                {
                    // utcNow = the signed timestamp: Stripe.net only checks the signature here; the policy's own
                    // ReplayWindow (both directions) is applied afterwards like for every other provider.
                    EventUtility.ValidateSignature(payload, header.Value, secrets[i], tolerance: 0, utcNow: signedAt.ToUnixTimeSeconds());
                    return SignatureCheckResult.Matched(i, signedAt);
                }
                catch (StripeException)
                {
                    // not this secret; try the next
                }
            }

            return SignatureCheckResult.Fail(
                FailureCode.InvalidSignature,
                count > 1
                    ? Reasons.NoneListedMatches(Header, count, secrets.Count, request.Body.Length, " with its t=")
                    : Reasons.NoSecretMatches(Header, Shape, secrets.Count, request.Body.Length, " with its t=") + " Stripe keys the HMAC with the whole whsec_ string.");
        }

        /// <summary>As Stripe signs: `t=` and one `v1=` hex HMAC-SHA256 of `{t}.{body}` keyed with the whole secret.</summary>
        public void Sign(SigningInput input, ICollection<KeyValuePair<string, string>> headers)
        {
            var timestamp = input.Timestamp.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
            var content = Encoding.UTF8.GetBytes(timestamp + ".").Concat(input.Body).ToArray();
            var mac = System.Security.Cryptography.HMACSHA256.HashData(Encoding.UTF8.GetBytes(secrets[0]), content);
            headers.Add(new(Header, $"t={timestamp},v1={Convert.ToHexStringLower(mac)}"));
        }
    }
}
