using System.Text;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>Vercel publishes no test vector: signed independently (hex HMAC-SHA1 of the body).</summary>
public sealed class VercelTests : BodySigningProviderContract
{
    protected override string Provider => "vercel";

    protected override string SignatureHeader => "x-vercel-signature";

    protected override IEnumerable<string> MalformedSignatures =>
    [
        Sign.Sha256Hex(Secret, DefaultBody),                              // a SHA-256 sized MAC: Vercel signs with SHA-1
        "sha1=" + PresetSign.Sha1Hex(Secret, DefaultBody),
        Convert.ToBase64String(PresetSign.HmacSha1(Secret, DefaultBody)),
        new string('a', 39),
    ];

    protected override Request Signed(string secret, byte[] body, DateTimeOffset signedAt) =>
        Request.Post(body).Header("x-vercel-signature", PresetSign.Sha1Hex(secret, body));

    [Fact]
    public void Event_id_is_the_delivery_id()
    {
        var body = Encoding.UTF8.GetBytes("""{"id":"uvMOTKhoBrRypZk8fMxw5nlT","type":"deployment.created","createdAt":1700000000000,"payload":{}}""");
        Assert.Equal("uvMOTKhoBrRypZk8fMxw5nlT", Expect.Verified(Signed(Secret, body, Now).VerifyWith(Verifier(Secret))).DeliveryId);
    }
}
