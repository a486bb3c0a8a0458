using System.Text;
using WebhookFirewall.Verification;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>Lithic: Standard Webhooks under webhook-* names (the reference-library vector and its cases come from the contract).</summary>
public sealed class LithicTests : StandardWebhooksContract
{
    private const string LithicSecret = "whsec_zlFsbBZ8Xcodlpcu6NDTdSzZRLSdhkst";
    private const string LithicId = "msg_2Lh9KRb0pzN4LePd3XiA4v12Axj";

    protected override string Provider => "lithic";

    protected override string HeaderPrefix => "webhook-";

    private static Request LithicEvent(DateTimeOffset at) => Request.Post("""{"test":"data"}""")
        .Header("webhook-id", LithicId)
        .Header("webhook-timestamp", "1700000000")
        .Header("webhook-signature", "v1,Z0ZkwdCfHitawuM992Ck2W+UdHwgtDiKkhyb9QPmuOU=")
        .At(at);

    // lithic-com/lithic-node@22be5971dcd10827314fc7b631fbb6619ccc3c36 tests/api-resources/webhooks.test.ts: its secret,
    // id and body, signed at a fixed time as src/resources/webhooks.ts's `standardwebhooks` signs (computed, not
    // published); that test refuses the signature 6 minutes too old and 6 minutes too new.
    [Fact]
    public void Event_signed_as_lithics_sdk_signs_verifies_and_is_refused_six_minutes_either_way()
    {
        var verifier = Verifiers.Create("lithic", LithicSecret);
        var signedAt = DateTimeOffset.FromUnixTimeSeconds(1700000000);
        Assert.Equal(LithicId, Expect.Verified(LithicEvent(signedAt).VerifyWith(verifier)).DeliveryId);
        Assert.Equal(
            "v1,Z0ZkwdCfHitawuM992Ck2W+UdHwgtDiKkhyb9QPmuOU=",
            Sign.StandardWebhooks(LithicSecret, LithicId, "1700000000", Encoding.UTF8.GetBytes("""{"test":"data"}""")));
        Expect.Failed(FailureCode.TimestampOutOfWindow, LithicEvent(signedAt.AddMinutes(6)).VerifyWith(verifier));
        Expect.Failed(FailureCode.TimestampOutOfWindow, LithicEvent(signedAt.AddMinutes(-6)).VerifyWith(verifier));
    }
}
