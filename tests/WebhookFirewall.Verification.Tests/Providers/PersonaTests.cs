using WebhookFirewall.Verification;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>
/// Persona publishes no vector: signed as docs.withpersona.com/docs/webhooks-best-practices ("Checking signatures")
/// describes and its samples compute, `t=<s>,v1=<hex HMAC-SHA256(secret, "{t}.{body}")>`; while a secret rotates
/// the header holds two such sets, space-separated.
/// </summary>
public sealed class PersonaTests : TimestampListProviderContract
{
    protected override string Provider => "persona";

    protected override string SignatureHeader => "Persona-Signature";

    protected override IEnumerable<string> MalformedSignatures
    {
        get
        {
            var t = Timestamp(Now);
            var zeros = new string('0', 64);
            return
            [
                .. base.MalformedSignatures,
                $"t={t}, v1={zeros}",                                     // a space separates sets
                $"t={t},v1={zeros} v1={zeros}",                           // a set without its t
                $"t={t},v1={zeros} t={Timestamp(Now.AddSeconds(1))},v1={zeros}",   // sets that disagree on the time
                string.Join(' ', Enumerable.Repeat($"t={t},v1={zeros}", 17)),
            ];
        }
    }

    protected override string Layout(string timestamp, string signature) => $"t={timestamp},v1={signature}";

    // Computed as the docs' samples compute it (not published): secret, t and body chosen here.
    [Fact]
    public void Event_signed_as_the_docs_samples_sign_verifies_without_a_delivery_id()
    {
        var request = Request.Post("""{"data":{"type":"event"}}""")
            .Header("Persona-Signature", "t=1700000000,v1=4df24f6db6247bb4340a0a81a1caf96d452bff6719f3b12f42acdd9bc4266dcd");
        Assert.Null(Expect.Verified(request.VerifyWith(Verifiers.Create("persona", "wbhsec_test"))).DeliveryId);
    }

    [Fact]
    public void While_a_secret_rotates_either_of_the_two_sets_verifies()
    {
        var t = Timestamp(Now);
        var header = $"{Layout(t, Signature(PreviousSecret, t, DefaultBody))} {Layout(t, Signature(Secret, t, DefaultBody))}";
        var request = Valid().ReplaceHeader("Persona-Signature", header);
        Expect.Verified(request.VerifyWith(Verifier(Secret)));
        Expect.Verified(request.VerifyWith(Verifier(WrongSecret, PreviousSecret)), secretIndex: 1);
        Expect.Failed(FailureCode.InvalidSignature, request.VerifyWith(Verifier(WrongSecret)));
    }
}
