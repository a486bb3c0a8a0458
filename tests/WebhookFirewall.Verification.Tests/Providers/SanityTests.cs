using WebhookFirewall.Verification;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>
/// Sanity: `sanity-webhook-signature: t=<ms>,v1=<base64url, no padding>`, HMAC-SHA256 of `{t}.{body}`, as
/// sanity-io/webhook-toolkit's src/signature.ts (`createHS256Signature`) computes it; signed here the same way.
/// </summary>
public sealed class SanityTests : TimestampListProviderContract
{
    private const string VectorHeader = "t=1633519811129,v1=tLa470fx7qkLLEcMOcEUFuBbRSkGujyskxrNXcoh0N0";

    protected override string Provider => "sanity";

    protected override string SignatureHeader => "sanity-webhook-signature";

    protected override bool Milliseconds => true;

    protected override IEnumerable<string> MalformedSignatures =>
    [
        .. base.MalformedSignatures,
        Layout(Timestamp(Now), Sign.Sha256Base64(Secret, DefaultBody)),           // padded base64
        Layout(Timestamp(Now), ListSign.Hex(Secret, "x", DefaultBody)),
        $"t={Timestamp(Now)} v1={ListSign.Base64UrlNoPadding(Secret, "x", DefaultBody)}",
    ];

    protected override string Layout(string timestamp, string signature) => $"t={timestamp},v1={signature}";

    protected override string Signature(string secret, string timestamp, byte[] body) => ListSign.Base64UrlNoPadding(secret, timestamp + ".", body);

    private static Request Vector(string header = VectorHeader, string body = """{"_id":"resume"}""") =>
        Request.Post(body).Header("sanity-webhook-signature", header).At(DateTimeOffset.FromUnixTimeMilliseconds(1633519811129));

    // sanity-io/webhook-toolkit@649f5adcd8e9d45f73172b05870863b299ba9bc9 test/signature.test.ts ("isValidSignature"):
    // the valid vector and its three negatives (timestamp, hash, payload changed).
    [Fact]
    public void Toolkit_vector_verifies_and_its_negatives_do_not()
    {
        var verifier = Verifiers.Create("sanity", "test");
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1633519811129), Expect.Verified(Vector().VerifyWith(verifier)).Timestamp);
        Expect.Failed(FailureCode.InvalidSignature, Vector("t=1633519811128,v1=tLa470fx7qkLLEcMOcEUFuBbRSkGujyskxrNXcoh0N0").At(DateTimeOffset.FromUnixTimeMilliseconds(1633519811128)).VerifyWith(verifier));
        Expect.Failed(FailureCode.InvalidSignature, Vector(body: """{"_id":"structure"}""").VerifyWith(verifier));

        // The last character differs only in bits that base64url does not carry: the toolkit compares strings, and
        // a lenient decoder would read the same MAC. Not the canonical encoding, so not Sanity's.
        Expect.Failed(FailureCode.MalformedSignature, Vector("t=1633519811129,v1=tLa470fx7qkLLEcMOcEUFuBbRSkGujyskxrNXcoh0N1").VerifyWith(verifier));
    }

    [Fact]
    public void Toolkit_separator_with_a_space_after_the_comma_verifies()
    {
        Expect.Verified(Vector("t=1633519811129, v1=tLa470fx7qkLLEcMOcEUFuBbRSkGujyskxrNXcoh0N0").VerifyWith(Verifiers.Create("sanity", "test")));
    }
}
