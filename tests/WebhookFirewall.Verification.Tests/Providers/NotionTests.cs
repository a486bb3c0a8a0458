using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>Notion publishes no test vector: signed independently (`sha256=` hex HMAC-SHA256 of the body, key the verification token).</summary>
public sealed class NotionTests : BodySigningProviderContract
{
    protected override string Provider => "notion";

    protected override string SignatureHeader => "X-Notion-Signature";

    protected override IEnumerable<string> MalformedSignatures =>
    [
        Sign.Sha256Hex(Secret, DefaultBody),
        "sha256=" + Sign.Sha256Base64(Secret, DefaultBody),
        "sha256=" + new string('a', 65),
        "v1=" + Sign.Sha256Hex(Secret, DefaultBody),
    ];

    protected override Request Signed(string secret, byte[] body, DateTimeOffset signedAt) =>
        Request.Post(body).Header("X-Notion-Signature", "sha256=" + Sign.Sha256Hex(secret, body));

    [Fact]
    public void Event_id_is_the_delivery_id()
    {
        Assert.Equal("evt_1", Expect.Verified(Valid().VerifyWith(Verifier(Secret))).DeliveryId);
    }

    // The one-time setup request carries the token in clear and no signature; it is not forwarded (see Notion.cs).
    [Fact]
    public void Unsigned_verification_token_request_is_missing_signature()
    {
        var request = Request.Post("""{"verification_token":"secret_tMrlL1qK5vuQAh1b6cZGhFChZTSYJlce98V0pYn7yBl"}""");
        Expect.Failed(FailureCode.MissingSignature, request.VerifyWith(Verifier(Secret)));
    }
}
