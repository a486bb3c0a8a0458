using System.Text;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>
/// PagerDuty publishes no test vector: signed independently, as its v3 webhook docs describe (`v1=` hex HMAC-SHA256
/// of the body keyed with the secret string, one entry per active secret, comma-separated).
/// </summary>
public sealed class PagerDutyTests : BodySigningProviderContract
{
    private static readonly byte[] EventBody = Encoding.UTF8.GetBytes(
        """{"event":{"id":"01DEN2W7Y2ZFV2RJ7P1HMEP8VF","event_type":"incident.triggered","resource_type":"incident","occurred_at":"2020-10-02T18:45:22.169Z","data":{"id":"PGR0VU2","type":"incident"}}}""");

    protected override string Provider => "pagerduty";

    protected override string SignatureHeader => "X-PagerDuty-Signature";

    protected override IEnumerable<string> MalformedSignatures =>
    [
        Sign.Sha256Hex(Secret, DefaultBody),
        "v1=",
        "v1=" + Sign.Sha256Base64(Secret, DefaultBody),
        "v1=" + new string('a', 63),
        "sha256=" + Sign.Sha256Hex(Secret, DefaultBody),
        string.Join(',', Enumerable.Repeat("v1=" + new string('0', 64), 17)),
    ];

    protected override Request Signed(string secret, byte[] body, DateTimeOffset signedAt) =>
        Request.Post(body).Header("X-PagerDuty-Signature", "v1=" + Sign.Sha256Hex(secret, body));

    // While a secret rolls over, PagerDuty signs with each active one and lists every signature in the one header.
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Several_v1_signatures_in_one_header_verify_when_one_matches(int position)
    {
        string[] entries = ["v1=" + Sign.Sha256Hex(WrongSecret, DefaultBody), "v1=" + Sign.Sha256Hex(Secret, DefaultBody)];
        if (position == 0)
        {
            Array.Reverse(entries);
        }

        Expect.Verified(Valid().ReplaceHeader("X-PagerDuty-Signature", string.Join(",", entries)).VerifyWith(Verifier(Secret)));
        Expect.Verified(Valid().ReplaceHeader("X-PagerDuty-Signature", string.Join(", ", entries)).VerifyWith(Verifier(Secret)));
    }

    [Fact]
    public void Several_v1_signatures_none_matching_is_invalid_signature()
    {
        var header = $"v1={Sign.Sha256Hex(WrongSecret, DefaultBody)},v1={Sign.Sha256Hex(PreviousSecret, DefaultBody)}";
        Expect.Failed(FailureCode.InvalidSignature, Valid().ReplaceHeader("X-PagerDuty-Signature", header).VerifyWith(Verifier(Secret)));
    }

    [Fact]
    public void Sixteen_signatures_are_read_and_the_last_one_can_match()
    {
        var entries = Enumerable.Repeat("v1=" + new string('0', 64), 15).Append("v1=" + Sign.Sha256Hex(Secret, DefaultBody));
        Expect.Verified(Valid().ReplaceHeader("X-PagerDuty-Signature", string.Join(',', entries)).VerifyWith(Verifier(Secret)));
    }

    [Fact]
    public void Delivery_id_is_event_id_one_level_down()
    {
        Assert.Equal("01DEN2W7Y2ZFV2RJ7P1HMEP8VF", Expect.Verified(Signed(Secret, EventBody, Now).VerifyWith(Verifier(Secret))).DeliveryId);
        Assert.Null(Expect.Verified(Valid().VerifyWith(Verifier(Secret))).DeliveryId); // a top-level id is not PagerDuty's
    }

    [Fact]
    public void Repeated_event_object_is_malformed()
    {
        var body = Encoding.UTF8.GetBytes("""{"event":{"id":"first"},"event":{"id":"second"}}""");
        Expect.Failed(FailureCode.MalformedSignature, Signed(Secret, body, Now).VerifyWith(Verifier(Secret)));
    }
}
