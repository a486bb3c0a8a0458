using WebhookFirewall.Verification;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>Mux: `mux-signature: t=<s>,v1=<hex>[,v1=..]`, hex HMAC-SHA256 of `{t}.{body}` (the Stripe layout).</summary>
public sealed class MuxTests : TimestampListProviderContract
{
    protected override string Provider => "mux";

    protected override string SignatureHeader => "mux-signature";

    protected override IEnumerable<string> MalformedSignatures =>
    [
        .. base.MalformedSignatures,
        $"t={Now.ToUnixTimeSeconds()},v2={new string('0', 64)}",               // "the only valid signature scheme is v1"
        $"t={Now.ToUnixTimeSeconds()},v1={Sign.Sha256Base64(Secret, DefaultBody)}",
    ];

    protected override string Layout(string timestamp, string signature) => $"t={timestamp},v1={signature}";

    // muxinc/mux-node-sdk@518eca075d7481c4ab3640dcc8f26271527d9561 test/unit/webhooks/webhooks.spec.ts ("returns true
    // for a valid header"), verified as @89eff086c11d1f0e37dc7841254988160033ffc3 src/resources/webhooks/webhooks.ts does.
    [Fact]
    public void Mux_sdk_vector_verifies_at_its_own_time()
    {
        var request = Request.Post("""{"test":"body"}""")
            .Header("mux-signature", "t=1565125718,v1=854ece4c22acef7c66b57d4e504153bc512595e8e9c772ece2a68150548c19a7")
            .At(DateTimeOffset.FromUnixTimeSeconds(1565125718));
        var verifier = Verifiers.Create("mux", "SuperSecret123");
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1565125718), Expect.Verified(request.VerifyWith(verifier)).Timestamp);
        Expect.Failed(FailureCode.TimestampOutOfWindow, request.Clone().At(Now).VerifyWith(verifier));
        Expect.Failed(FailureCode.InvalidSignature, request.Clone().WithBody("""{"test":"body2"}""").VerifyWith(verifier));
    }

    // The SDK collects every v1 (one per active secret); the event id in the body stays the delivery id.
    [Fact]
    public void Several_v1_signatures_verify_when_any_matches_and_the_event_id_is_the_delivery_id()
    {
        var t = Timestamp(Now);
        var header = $"t={t},v1={Signature(WrongSecret, t, DefaultBody)},v1={Signature(Secret, t, DefaultBody)}";
        Assert.Equal("evt_1", Expect.Verified(Valid().ReplaceHeader("mux-signature", header).VerifyWith(Verifier(Secret))).DeliveryId);
    }
}
