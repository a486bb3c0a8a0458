using WebhookFirewall.Verification;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>
/// WorkOS: `WorkOS-Signature: t=<ms>, v1=<hex>`, hex HMAC-SHA256 of `{t}.{body}`, as workos/workos-node's
/// src/common/crypto/signature-provider.ts (`computeSignature`) computes it; signed here the same way.
/// </summary>
public sealed class WorkOsTests : TimestampListProviderContract
{
    protected override string Provider => "workos";

    protected override string SignatureHeader => "WorkOS-Signature";

    protected override bool Milliseconds => true;

    protected override IEnumerable<string> MalformedSignatures =>
    [
        .. base.MalformedSignatures,
        Layout(Timestamp(Now), Sign.Sha256Base64(Secret, DefaultBody)),
        $"t={Timestamp(Now)} v1={new string('0', 64)}",
    ];

    protected override string Layout(string timestamp, string signature) => $"t={timestamp}, v1={signature}";

    // workos/workos-node@fd885bccd2949a1f8fa90305db424ab1eb394e6f src/common/crypto/signature-provider.ts: signed as
    // computeSignature signs (computed, not published); secret, t and body chosen here. Its 180 s tolerance checks
    // only the old side; the policy's window is held both ways.
    [Fact]
    public void Event_signed_as_the_sdk_signs_verifies_with_the_event_id_as_delivery_id()
    {
        var request = Request.Post("""{"id":"evt_01","event":"user.created"}""")
            .Header("WorkOS-Signature", "t=1700000000000, v1=624c332638b8a56cfbb5bb18aab4e9cea912f3b205db7aeb42aacd518b2b9082");
        var result = Expect.Verified(request.VerifyWith(Verifiers.Create("workos", "secret")));
        Assert.Equal("evt_01", result.DeliveryId);
        Assert.Equal(Now, result.Timestamp);
    }

    [Fact]
    public void Timestamp_in_seconds_is_read_as_milliseconds_and_is_out_of_window()
    {
        var seconds = Now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var header = Layout(seconds, Signature(Secret, seconds, DefaultBody));
        Expect.Failed(FailureCode.TimestampOutOfWindow, Valid().ReplaceHeader("WorkOS-Signature", header).VerifyWith(Verifier(Secret)));
    }
}
