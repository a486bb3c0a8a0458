using System.Globalization;
using System.Text;
using System.Text.Json;
using WebhookFirewall.Verification;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>
/// Hygraph publishes no fixed vector (its tests sign at Date.now()). The vectors below were made by the SDK itself —
/// hygraph/hygraph-utils at d130b4a3a6ce490b8da9c2506729b056f1d3bf66, index.js, generateWebhookSignature, with the clock
/// held at 1700000000000 and the secret of its own index.test.js; the contract's requests are signed here as that
/// function signs: base64 HMAC-SHA256 of `JSON.stringify({Body, EnvironmentName, TimeStamp})` — built by hand, since
/// System.Text.Json escapes more than JSON.stringify.
/// </summary>
public sealed class HygraphTests : TimestampSigningProviderContract
{
    private const string Header = "gcms-signature";
    private const string SdkSecret = "rCNwyiloY3oJYYkxgpBXaleIiUv5MYlx";

    protected override string Provider => "hygraph";

    protected override string SignatureHeader => Header;

    protected override IEnumerable<string> MalformedSignatures =>
    [
        "",
        "sign=" + Convert.ToBase64String(new byte[32]),                                   // no env, no t
        "sign=" + Convert.ToBase64String(new byte[32]) + ",env=master,t=1700000000000",     // ", " is the separator
        "env=master, sign=" + Convert.ToBase64String(new byte[32]) + ", t=1700000000000",    // fixed order
        "sign=" + new string('a', 64) + ", env=master, t=1700000000000",                    // hex, not base64
        "sign=" + Convert.ToBase64String(new byte[20]) + ", env=master, t=1700000000000",
        "sign=" + Convert.ToBase64String(new byte[32]) + ", env=master, t=soon",
        "sign=" + Convert.ToBase64String(new byte[32]) + ", env=master, t=1700000000000, x=1",
    ];

    protected override Request Signed(string secret, byte[] body, DateTimeOffset signedAt) =>
        Request.Post(body).Header(Header, SignatureHeaderValue(secret, body, "master", signedAt.ToUnixTimeMilliseconds()));

    protected override Request WithoutTimestamp(Request valid)
    {
        var value = valid.Headers.Get(Header).Value!;
        return valid.ReplaceHeader(Header, value[..value.LastIndexOf(", t=", StringComparison.Ordinal)]);
    }

    /// <summary>A shifted t=, another env=, or a changed body.</summary>
    protected override void Mutate(Request request, Random random)
    {
        var value = request.Headers.Get(Header).Value!;
        switch (random.Next(3))
        {
            case 0:
                var t = long.Parse(value[(value.LastIndexOf("t=", StringComparison.Ordinal) + 2)..], CultureInfo.InvariantCulture);
                request.ReplaceHeader(Header, value.Replace($"t={t}", $"t={t + random.Next(1, 5000)}", StringComparison.Ordinal));
                break;
            case 1:
                request.ReplaceHeader(Header, value.Replace("env=master", "env=staging", StringComparison.Ordinal));
                break;
            default:
                base.Mutate(request, random);
                break;
        }
    }

    /// <summary>generateWebhookSignature's header for a raw payload (valid UTF-8), environment and time.</summary>
    private static string SignatureHeaderValue(string secret, byte[] body, string environment, long milliseconds)
    {
        var envelope = $"{{\"Body\":{JsString(Encoding.UTF8.GetString(body))},\"EnvironmentName\":{JsString(environment)},\"TimeStamp\":{milliseconds.ToString(CultureInfo.InvariantCulture)}}}";
        return $"sign={Sign.Sha256Base64(secret, Encoding.UTF8.GetBytes(envelope))}, env={environment}, t={milliseconds.ToString(CultureInfo.InvariantCulture)}";
    }

    /// <summary>QuoteJSONString (ECMA-262 §25.5.2.3), as JSON.stringify writes a string.</summary>
    private static string JsString(string text)
    {
        var quoted = new StringBuilder("\"");
        foreach (var c in text)
        {
            quoted.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\b' => "\\b",
                '\f' => "\\f",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                < ' ' => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }

        return quoted.Append('"').ToString();
    }

    [Theory]
    // generateWebhookSignature({ rawPayload, secret }) — the small raw payload of index.test.js.
    [InlineData("{\"hello\":\"world\"}", "master", "sign=PKb7VkcR//vmGSY+yikDBjcsjXO3cMoppGtILudPc1o=, env=master, t=1700000000000")]
    // Escapes JSON.stringify makes and those it does not: a quote and a backslash, a raw tab, '/', '<&>+', é, U+2028,
    // and a trailing line feed; environmentName "staging".
    [InlineData("{\"a\":\"x\\ny\",\"b\":\"é/\u2028\",\"c\":\"\\\"q\\\"\",\"d\":\"\t<&>+\"}\n", "staging", "sign=qdvgqo6rRzmZcsm/mU6vcjA3BW7C1MZgDo4jhbiTnyc=, env=staging, t=1700000000000")]
    // Control characters: CR LF and \b \f short forms, U+0001 and U+001F as \u00xx, U+007F left as it is.
    [InlineData("line1\r\nline2\u0001\u001f\u007f\b\f", "master", "sign=RqtB7GHbNUuujREdNXwctScGHr8V0OtHinUSmjyxcoE=, env=master, t=1700000000000")]
    public void Sdk_made_vectors_verify(string rawPayload, string environment, string header)
    {
        var request = Request.Post(rawPayload).Header(Header, header).At(DateTimeOffset.FromUnixTimeMilliseconds(1700000000000));
        var verifier = Verifiers.Create("hygraph", SdkSecret);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1700000000000), Expect.Verified(request.VerifyWith(verifier)).Timestamp);
        Assert.Equal(header, SignatureHeaderValue(SdkSecret, Encoding.UTF8.GetBytes(rawPayload), environment, 1700000000000));
    }

    /// <summary>Re-serialising the body (as a framework's JSON parser and writer would) breaks it: bytes are signed.</summary>
    [Fact]
    public void Re_serialised_body_is_invalid()
    {
        const string raw = "{\"hello\": \"world\"}";
        var request = Request.Post(raw).Header(Header, SignatureHeaderValue(Secret, Encoding.UTF8.GetBytes(raw), "master", Now.ToUnixTimeMilliseconds()));
        Expect.Verified(request.VerifyWith(Verifier(Secret)));
        var reserialised = JsonSerializer.Serialize(JsonSerializer.Deserialize<JsonElement>(raw));
        Expect.Failed(FailureCode.InvalidSignature, request.Clone().WithBody(reserialised).VerifyWith(Verifier(Secret)));
    }

    [Fact]
    public void Environment_name_is_signed()
    {
        var request = Valid();
        request.ReplaceHeader(Header, request.Headers.Get(Header).Value!.Replace("env=master", "env=production", StringComparison.Ordinal));
        Expect.Failed(FailureCode.InvalidSignature, request.VerifyWith(Verifier(Secret)));
    }

    [Fact]
    public void Body_that_is_not_utf8_is_invalid()
    {
        byte[] body = [.. "{\"a\":\""u8, 0xC3, 0x28, .. "\"}"u8];
        Expect.Failed(FailureCode.InvalidSignature, Signed(Secret, body, Now).VerifyWith(Verifier(Secret)));
    }

    [Fact]
    public void No_delivery_id_and_the_signed_timestamp_keys_deliveries()
    {
        var verifier = Verifier(Secret);
        Assert.Null(Expect.Verified(Valid().VerifyWith(verifier)).DeliveryId);
        Assert.Equal(IdempotencyKeyKind.DeliveryId, verifier.DefaultKeyKind);
        Assert.True(verifier.SignsTimestamp);
    }
}
