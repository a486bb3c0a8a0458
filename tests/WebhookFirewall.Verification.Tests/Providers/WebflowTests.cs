using System.Globalization;
using WebhookFirewall.Verification;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>
/// Webflow: `x-webflow-signature` = hex HMAC-SHA256 of `{x-webflow-timestamp}:{body}`, the timestamp in milliseconds,
/// as webflow/js-webflow-api's src/wrapper/WebhooksClient.ts (`verifySignature`) computes it; signed here the same way.
/// </summary>
public sealed class WebflowTests : TimestampHeaderProviderContract
{
    protected override string Provider => "webflow";

    protected override string SignatureHeader => "x-webflow-signature";

    protected override IEnumerable<string> MalformedSignatures =>
    [
        "sha256=" + ListSign.Hex(Secret, "x", DefaultBody),
        Sign.Sha256Base64(Secret, DefaultBody),
        new string('a', 63),
        new string('z', 64),
        "",
    ];

    protected override string TimestampHeader => "x-webflow-timestamp";

    protected override string Timestamp(DateTimeOffset at) => at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

    protected override string SignatureValue(string secret, string timestamp, byte[] body) => ListSign.Hex(secret, timestamp + ":", body);

    // webflow/js-webflow-api@31e9cf381301cb8c5ebd112a72394ebc59a2aaf0 src/wrapper/WebhooksClient.ts: signed as
    // verifySignature computes it (computed, not published); secret, timestamp and body chosen here.
    [Fact]
    public void Event_signed_as_the_sdk_signs_verifies_without_a_delivery_id()
    {
        var request = Request.Post("""{"triggerType":"form_submission"}""")
            .Header("x-webflow-timestamp", "1700000000000")
            .Header("x-webflow-signature", "ee38059653d0b68b348cf06525a132576c46b024dadefaa06eaa44d8f1bd77c3");
        var result = Expect.Verified(request.VerifyWith(Verifiers.Create("webflow", "whsec_test")));
        Assert.Null(result.DeliveryId);
        Assert.Equal(Now, result.Timestamp);
    }

    [Fact]
    public void Timestamp_in_seconds_is_read_as_milliseconds_and_is_out_of_window()
    {
        var seconds = Now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var request = Valid().ReplaceHeader("x-webflow-timestamp", seconds).ReplaceHeader("x-webflow-signature", SignatureValue(Secret, seconds, DefaultBody));
        Expect.Failed(FailureCode.TimestampOutOfWindow, request.VerifyWith(Verifier(Secret)));
    }
}
