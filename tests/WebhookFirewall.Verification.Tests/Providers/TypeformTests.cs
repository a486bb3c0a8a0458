using System.Text;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>Typeform publishes no test vector: signed independently (`sha256=` + base64 HMAC-SHA256 of the body).</summary>
public sealed class TypeformTests : BodySigningProviderContract
{
    protected override string Provider => "typeform";

    protected override string SignatureHeader => "Typeform-Signature";

    protected override IEnumerable<string> MalformedSignatures =>
    [
        Sign.Sha256Base64(Secret, DefaultBody),                          // no prefix
        "sha256=" + Sign.Sha256Hex(Secret, DefaultBody),                 // hex where base64 is expected
        "sha256=",
        "sha256=" + Convert.ToBase64String(new byte[31]),
        "sha1=" + Convert.ToBase64String(new byte[20]),
    ];

    protected override Request Signed(string secret, byte[] body, DateTimeOffset signedAt) =>
        Request.Post(body).Header("Typeform-Signature", "sha256=" + Sign.Sha256Base64(secret, body));

    [Fact]
    public void Event_id_is_the_delivery_id()
    {
        var body = Encoding.UTF8.GetBytes("""{"event_id":"01HCYG2W8YQ4M6H7T4Q1S3K9ZP","event_type":"form_response","form_response":{"form_id":"lT4Z3j"}}""");
        Assert.Equal("01HCYG2W8YQ4M6H7T4Q1S3K9ZP", Expect.Verified(Signed(Secret, body, Now).VerifyWith(Verifier(Secret))).DeliveryId);
    }
}
