using System.Globalization;
using System.Text;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>
/// Linear publishes no test vector. Signed as the official SDK verifies (linear/linear,
/// packages/sdk/src/webhooks/client.ts, LinearWebhookClient.verify: hex HMAC-SHA256 of the raw body; the
/// `webhookTimestamp` field of the body, milliseconds, within a minute of now).
/// </summary>
public sealed class LinearTests : TimestampSigningProviderContract
{
    private const string Delivery = "234d1a4e-b617-4388-90fe-adc3633d6b72";

    protected override string Provider => "linear";

    protected override string SignatureHeader => "Linear-Signature";

    protected override IEnumerable<string> MalformedSignatures =>
    [
        "sha256=" + Sign.Sha256Hex(Secret, DefaultBody),
        Sign.Sha256Base64(Secret, DefaultBody),
        new string('a', 62),
        "",
    ];

    /// <summary>
    /// Linear's body: the event with `webhookTimestamp` (ms) as its first member; a body that is not a JSON object is
    /// signed as it is (it then lacks the timestamp, as a forger's would).
    /// </summary>
    private static byte[] WithTimestamp(byte[] body, string timestampJson)
    {
        if (body.Length < 2 || body[0] != (byte)'{')
        {
            return body;
        }

        var member = Encoding.UTF8.GetBytes($"{{\"webhookTimestamp\":{timestampJson}" + (body[1] == (byte)'}' ? string.Empty : ","));
        return [.. member, .. body[1..]];
    }

    protected override Request Signed(string secret, byte[] body, DateTimeOffset signedAt)
    {
        var stamped = WithTimestamp(body, signedAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
        return Request.Post(stamped)
            .Header("Linear-Signature", Sign.Sha256Hex(secret, stamped))
            .Header("Linear-Delivery", Delivery)
            .Header("Linear-Event", "Issue");
    }

    /// <summary>A body without `webhookTimestamp`, correctly signed: the timestamp is missing, not forged.</summary>
    protected override Request WithoutTimestamp(Request valid) =>
        Request.Post(DefaultBody).Header("Linear-Signature", Sign.Sha256Hex(Secret, DefaultBody));

    private Request SignedWithTimestampJson(string timestampJson)
    {
        var body = WithTimestamp(DefaultBody, timestampJson);
        return Request.Post(body).Header("Linear-Signature", Sign.Sha256Hex(Secret, body));
    }

    [Fact]
    public void Delivery_id_is_Linear_Delivery()
    {
        Assert.Equal(Delivery, Expect.Verified(Valid().VerifyWith(Verifier(Secret))).DeliveryId);
    }

    // The unit is milliseconds: seconds read as milliseconds are early 1970, far outside any window.
    [Fact]
    public void Timestamp_in_seconds_is_read_as_milliseconds_and_is_out_of_window()
    {
        var request = SignedWithTimestampJson(Now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        Expect.Failed(FailureCode.TimestampOutOfWindow, request.VerifyWith(Verifier(Secret)));
    }

    // Linear's SDK allows 60 s: a policy can hold Linear to exactly that.
    [Fact]
    public void Sixty_second_window_as_Linear_recommends()
    {
        var verifier = Verifiers.Create("linear", new ProviderSettings { Secrets = [Secret], ReplayWindow = TimeSpan.FromSeconds(60) });
        Expect.Verified(Signed(Secret, DefaultBody, Now - TimeSpan.FromSeconds(60)).VerifyWith(verifier));
        Expect.Failed(FailureCode.TimestampOutOfWindow, Signed(Secret, DefaultBody, Now - TimeSpan.FromMilliseconds(60_001)).VerifyWith(verifier));
    }

    [Theory]
    [InlineData("\"soon\"")]
    [InlineData("1.7e12")]
    [InlineData("-1700000000000")]
    [InlineData("null")]
    [InlineData("{\"ms\":1700000000000}")]
    public void Timestamp_that_is_not_integer_milliseconds_is_malformed(string timestampJson)
    {
        Expect.Failed(FailureCode.MalformedSignature, SignedWithTimestampJson(timestampJson).VerifyWith(Verifier(Secret)));
    }

    [Fact]
    public void Timestamp_nested_below_the_top_level_does_not_count()
    {
        var body = Encoding.UTF8.GetBytes($"{{\"data\":{{\"webhookTimestamp\":{Now.ToUnixTimeMilliseconds()}}}}}");
        var request = Request.Post(body).Header("Linear-Signature", Sign.Sha256Hex(Secret, body));
        Expect.Failed(FailureCode.MalformedSignature, request.VerifyWith(Verifier(Secret)));
    }

    [Fact]
    public void Unsigned_body_with_a_fresh_timestamp_is_still_invalid_signature()
    {
        var request = Signed(WrongSecret, DefaultBody, Now);
        Expect.Failed(FailureCode.InvalidSignature, request.VerifyWith(Verifier(Secret)));
    }
}
