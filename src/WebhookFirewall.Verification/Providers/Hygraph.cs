using System.Globalization;
using System.Text;
using System.Text.Unicode;
using WebhookFirewall.Verification.Primitives;
using WebhookFirewall.Verification.Schemes;

namespace WebhookFirewall.Verification.Providers;

/// <summary>
/// Hygraph (formerly GraphCMS) signed webhooks: `gcms-signature: sign=&lt;b64&gt;, env=&lt;environment&gt;, t=&lt;ms&gt;`, where sign
/// is base64 HMAC-SHA256 (key: the webhook's secret) of the JSON envelope `{"Body":&lt;raw body as a JSON
/// string&gt;,"EnvironmentName":&lt;env&gt;,"TimeStamp":&lt;t&gt;}` as JavaScript's JSON.stringify writes it
/// (hygraph/hygraph-utils, index.js). The envelope is rebuilt byte for byte (see <see cref="JsJsonString"/>); the
/// signed timestamp is held to the policy's ReplayWindow (the SDK checks none). Hygraph sends no delivery id.
/// </summary>
/// <remarks>
/// Hygraph can call a webhook with POST, PUT, DELETE or GET; the method is not signed and not read here.
/// </remarks>
internal static class Hygraph
{
    private const string Header = "gcms-signature";
    private const int MacSize = 32;
    private const string Shape = "sign=<44 base64 characters>, env=<environment>, t=<Unix milliseconds>";

    public static ProviderDefinition Definition { get; } = new()
    {
        Name = "hygraph",
        Summary = $"{Header}: sign=base64(HMAC-SHA256(secret, JSON.stringify({{Body: body, EnvironmentName: env, TimeStamp: t}}))), env=.., t=.. (ms)",
        Check = (settings, problems) => new HygraphSignatureCheck(SigningKeys.Decode(settings.Secrets, SecretDecoding.Utf8, problems)),
    };

    private sealed class HygraphSignatureCheck(byte[][] keys) : ISignatureCheck, IWebhookSigner
    {
        private readonly KeyedHmacs _macs = new(HmacAlgorithm.Sha256, keys);

        public Coverage Covers => Coverage.Body | Coverage.Timestamp;

        public SignatureCheckResult Check(in WebhookRequest request)
        {
            if (!SignatureHeaders.TryGetSingle(request, Header, out var value, out var failure))
            {
                return failure;
            }

            // The SDK splits on ", " into exactly these three parts, in this order.
            var parts = value.Split(", ");
            Span<byte> presented = stackalloc byte[MacSize];
            if (parts.Length != 3 || !parts[0].StartsWith("sign=", StringComparison.Ordinal) || !parts[1].StartsWith("env=", StringComparison.Ordinal)
                || !parts[2].StartsWith("t=", StringComparison.Ordinal)
                || !SignatureDecoder.TryDecode(parts[0].AsSpan("sign=".Length), SignatureEncoding.Base64, presented, MacSize))
            {
                return SignatureCheckResult.Fail(FailureCode.MalformedSignature, Reasons.NotInFormat(Header, Shape));
            }

            if (!Timestamps.TryParse(parts[2].AsSpan("t=".Length), TimestampUnit.UnixMilliseconds, out var signedAt))
            {
                return SignatureCheckResult.Fail(FailureCode.MalformedSignature, Reasons.TimestampNotInFormat($"The t= of `{Header}`", TimestampUnit.UnixMilliseconds));
            }

            var body = request.Body.Span;
            if (!Utf8.IsValid(body))
            {
                return SignatureCheckResult.Fail(FailureCode.InvalidSignature, "the body is not valid UTF-8, so it cannot be the text Hygraph signed: something in front of the firewall changed it.");
            }

            var content = Envelope(body, parts[1]["env=".Length..], signedAt);
            try
            {
                var index = _macs.IndexOfMatch(content.Written, presented);
                return index < 0
                    ? SignatureCheckResult.Fail(FailureCode.InvalidSignature, Reasons.NoSecretMatches(Header, Shape, keys.Length, body.Length, " in its JSON envelope with env= and t="))
                    : SignatureCheckResult.Matched(index, signedAt);
            }
            finally
            {
                content.Dispose();
            }
        }

        /// <summary>As the SDK's generateWebhookSignature, for the `master` environment.</summary>
        public void Sign(SigningInput input, ICollection<KeyValuePair<string, string>> headers)
        {
            const string environment = "master";
            var content = Envelope(input.Body, environment, input.Timestamp);
            try
            {
                Span<byte> mac = stackalloc byte[MacSize];
                Hmac.Compute(HmacAlgorithm.Sha256, keys[0], content.Written, mac);
                headers.Add(new(Header, $"sign={Convert.ToBase64String(mac)}, env={environment}, t={input.Timestamp.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}"));
            }
            finally
            {
                content.Dispose();
            }
        }

        /// <summary>`JSON.stringify({Body, EnvironmentName, TimeStamp})`: members in that order, TimeStamp a number.</summary>
        private static PooledBytes Envelope(ReadOnlySpan<byte> body, string environment, DateTimeOffset signedAt)
        {
            var content = new PooledBytes(body.Length + (body.Length / 8) + 96);
            content.Append("{\"Body\":"u8);
            JsJsonString.Append(ref content, body);
            content.Append(",\"EnvironmentName\":"u8);
            JsJsonString.Append(ref content, Encoding.UTF8.GetBytes(environment));
            content.Append(",\"TimeStamp\":"u8);
            content.AppendUtf8(signedAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
            content.Append("}"u8);
            return content;
        }
    }
}
