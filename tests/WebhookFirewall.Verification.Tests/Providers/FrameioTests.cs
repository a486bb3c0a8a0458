using WebhookFirewall.Verification;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>
/// Frame.io: `X-Frameio-Signature: v0=<hex HMAC-SHA256(secret, "v0:{timestamp}:{body}")>` with the Unix seconds of
/// `X-Frameio-Request-Timestamp`, as AdobeDocs/frameio-api@03d3302388418e6ead0ad0cd5c751d8586d8e0b3
/// src/pages/guides/Webhooks/index.md ("Verifying Webhook Signatures") signs in its sample; signed here the same way.
/// </summary>
public sealed class FrameioTests : TimestampHeaderProviderContract
{
    protected override string Provider => "frameio";

    protected override string SignatureHeader => "X-Frameio-Signature";

    protected override IEnumerable<string> MalformedSignatures =>
    [
        ListSign.Hex(Secret, "v0:", DefaultBody),                     // no v0= prefix
        "v1=" + new string('a', 64),
        "v0=",
        "v0=" + new string('x', 64),
        "v0=" + Convert.ToBase64String(new byte[32]),
    ];

    protected override string TimestampHeader => "X-Frameio-Request-Timestamp";

    protected override string SignatureValue(string secret, string timestamp, byte[] body) => "v0=" + ListSign.Hex(secret, $"v0:{timestamp}:", body);

    // The guide's example headers come without their secret and body; this is signed as its Python sample signs
    // (computed, not published), with the guide's example timestamp.
    [Fact]
    public void Event_signed_as_the_guides_sample_signs_verifies_without_a_delivery_id()
    {
        var request = Request.Post("""{"type":"file.created"}""")
            .Header("X-Frameio-Request-Timestamp", "1604004499")
            .Header("X-Frameio-Signature", "v0=12d41f5a05f3cbd39164bd7db88dee23a40b1f50a3eee9458a5de4f7b26f5cdb")
            .At(DateTimeOffset.FromUnixTimeSeconds(1604004499));
        Assert.Null(Expect.Verified(request.VerifyWith(Verifiers.Create("frameio", "secret"))).DeliveryId);
    }
}
