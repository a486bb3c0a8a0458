using System.Text;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>CircleCI publishes no test vector: signed independently (`v1=` hex HMAC-SHA256 of the body).</summary>
public sealed class CircleCiTests : BodySigningProviderContract
{
    protected override string Provider => "circleci";

    protected override string SignatureHeader => "circleci-signature";

    protected override IEnumerable<string> MalformedSignatures =>
    [
        Sign.Sha256Hex(Secret, DefaultBody),                               // no v1= entry at all
        "v1=",
        "v1=" + new string('x', 64),
        "v1=" + Sign.Sha256Base64(Secret, DefaultBody),
        "v2=" + Sign.Sha256Hex(Secret, DefaultBody),                       // a future scheme only
        string.Join(',', Enumerable.Repeat("v1=" + new string('0', 64), 17)), // longer than any real list
    ];

    protected override Request Signed(string secret, byte[] body, DateTimeOffset signedAt) =>
        Request.Post(body)
            .Header("circleci-signature", "v1=" + Sign.Sha256Hex(secret, body))
            .Header("circleci-event-type", "workflow-completed");

    [Fact]
    public void Entries_of_other_schemes_next_to_v1_are_skipped()
    {
        var header = $"v2=ignored,v1={Sign.Sha256Hex(Secret, DefaultBody)}, v0=also-ignored";
        Expect.Verified(Valid().ReplaceHeader("circleci-signature", header).VerifyWith(Verifier(Secret)));
    }

    [Fact]
    public void Any_matching_v1_entry_verifies()
    {
        var header = $"v1={new string('0', 64)},v1={Sign.Sha256Hex(Secret, DefaultBody)}";
        Expect.Verified(Valid().ReplaceHeader("circleci-signature", header).VerifyWith(Verifier(Secret)));
    }

    [Fact]
    public void Event_id_is_the_delivery_id()
    {
        var body = Encoding.UTF8.GetBytes("""{"id":"3888f21b-eaa7-38e3-8f3d-75a63bba8895","type":"workflow-completed","happened_at":"2021-09-01T22:49:34.317Z"}""");
        Assert.Equal("3888f21b-eaa7-38e3-8f3d-75a63bba8895", Expect.Verified(Signed(Secret, body, Now).VerifyWith(Verifier(Secret))).DeliveryId);
    }
}
