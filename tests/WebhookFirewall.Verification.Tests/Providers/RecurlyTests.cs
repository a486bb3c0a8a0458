using WebhookFirewall.Verification;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>
/// Recurly: `recurly-signature: <ms timestamp>,<hex>[,<hex>..]`, one hex HMAC-SHA256 of `{timestamp}.{body}` per active
/// key, as recurly/recurly-client-go's webhook.go (`getSignature`) computes it; signed here the same way.
/// </summary>
public sealed class RecurlyTests : TimestampListProviderContract
{
    // recurly/recurly-client-go@e35e39075944ba9131ad0427bbeb1f2964103d60 webhook_test.go: its two endpoint keys and body.
    private const string FirstKey = "354fab5bd35f5a0d50845ee7e30165244468b13c2c343f104e4e730a59326d9d";
    private const string SecondKey = "ade46dda4474b0ae57dec22d35b9cd526b260d235f7e200c1d93f156000fe396";
    private const string SdkBody = """{"id":"rjxwmwedwqug","object_type":"account","site_id":"qc326l1hl8k9","event_type":"created","event_time":"2022-09-13T21:18:40Z","account_code":"adfas23zzz14123"}""";

    protected override string Provider => "recurly";

    protected override string SignatureHeader => "recurly-signature";

    protected override string TimestampPattern => "^([0-9]+)";

    protected override bool Milliseconds => true;

    protected override IEnumerable<string> MalformedSignatures =>
    [
        .. base.MalformedSignatures,
        Layout(Timestamp(Now), new string('z', 64)),                                 // not hex: Recurly's parser fails
        Layout(Timestamp(Now), Sign.Sha256Base64(Secret, DefaultBody)),
        Layout(Timestamp(Now), new string('0', 64) + "," + new string('a', 63)),
        $"t={Timestamp(Now)},v1={new string('0', 64)}",                              // Stripe's layout
        Layout(Timestamp(Now), string.Join(',', Enumerable.Repeat(new string('0', 64), 17))),
    ];

    protected override string Layout(string timestamp, string signature) => $"{timestamp},{signature}";

    // The SDK test's keys and body, signed at a fixed time the way webhook.go's getSignature signs (computed, not
    // published: the test signs at time.Now()), one signature per key as TestVerifyWebhookMultipleSignature lists them.
    [Fact]
    public void Header_listing_both_keys_signatures_verifies_under_either_key()
    {
        var request = Request.Post(SdkBody)
            .Header("recurly-signature", "1663103920000,c847d37e18f2c23fcc97cb0b6704455169b732f7d81d145574d92786730f019b,b93ecd2079300feeb1f7a755e016f40c8823f30c776771499d5019a3c439909a")
            .At(DateTimeOffset.FromUnixTimeMilliseconds(1663103920000));
        var result = Expect.Verified(request.VerifyWith(Verifiers.Create("recurly", FirstKey)));
        Assert.Equal("rjxwmwedwqug", result.DeliveryId);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1663103920000), result.Timestamp);
        Expect.Verified(request.VerifyWith(Verifiers.Create("recurly", WrongSecret, SecondKey)), secretIndex: 1);
    }

    // Recurly's SDK only refuses old timestamps; the policy's window is held both ways.
    [Fact]
    public void Timestamp_in_seconds_is_read_as_milliseconds_and_is_out_of_window()
    {
        var seconds = Now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var request = Request.Post(DefaultBody).Header("recurly-signature", Layout(seconds, Signature(Secret, seconds, DefaultBody)));
        Expect.Failed(FailureCode.TimestampOutOfWindow, request.VerifyWith(Verifier(Secret)));
    }
}
