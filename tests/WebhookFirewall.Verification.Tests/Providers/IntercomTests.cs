using System.Text;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>
/// Intercom publishes no test vector: signed independently, as its "signed notifications" describe (`X-Hub-Signature:
/// sha1=` hex HMAC-SHA1 of the body with the client secret).
/// </summary>
public sealed class IntercomTests : BodySigningProviderContract
{
    protected override string Provider => "intercom";

    protected override string SignatureHeader => "X-Hub-Signature";

    protected override IEnumerable<string> MalformedSignatures =>
    [
        PresetSign.Sha1Hex(Secret, DefaultBody),
        "sha256=" + Sign.Sha256Hex(Secret, DefaultBody),                  // the SHA-256 form: Intercom signs with SHA-1
        "sha1=",
        "sha1=" + new string('a', 64),                                    // a SHA-256 sized value
        "sha1=" + new string('a', 39),
        "sha1=" + Convert.ToBase64String(new byte[20]),
    ];

    protected override Request Signed(string secret, byte[] body, DateTimeOffset signedAt) =>
        Request.Post(body).Header("X-Hub-Signature", "sha1=" + PresetSign.Sha1Hex(secret, body));

    [Fact]
    public void Notification_id_is_the_delivery_id_and_a_ping_is_forwarded_like_any_event()
    {
        var ping = Encoding.UTF8.GetBytes("""{"type":"notification_event","topic":"ping","id":"notif_ccd8a4d2-c6b1","data":{"item":{"type":"ping","message":"something"}}}""");
        var result = Expect.Verified(Signed(Secret, ping, Now).VerifyWith(Verifier(Secret)));
        Assert.Equal("notif_ccd8a4d2-c6b1", result.DeliveryId);
        Assert.Null(result.Handshake);
    }
}
