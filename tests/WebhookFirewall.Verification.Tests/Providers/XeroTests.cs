using System.Text;
using WebhookFirewall.Verification;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>
/// Xero publishes no vector. Signed here as Xero's own receiver sample verifies, with the BCL
/// (XeroAPI/XeroWebhooksReceiver@ebe613fb60b5560974941f1adbb00f2ba788622f
/// XeroWebhooksReceiver/Helpers/SignatureVerifier.cs: base64 HMAC-SHA256 of the body keyed with the webhook key's
/// UTF-8). The intent-to-receive rules are Xero's (developer.xero.com/documentation/webhooks/configuring-your-server):
/// 200 to every correctly signed request, 401 to every other, no body.
/// </summary>
public sealed class XeroTests : BodySigningProviderContract
{
    /// <summary>The intent-to-receive payload of Xero's docs, compacted.</summary>
    private static readonly byte[] IntentToReceive = """{"events":[],"lastEventSequence":0,"firstEventSequence":0,"entropy":"S0m3r4Nd0mt3xt"}"""u8.ToArray();

    protected override string Provider => "xero";

    protected override string SignatureHeader => "x-xero-signature";

    protected override IEnumerable<string> MalformedSignatures => MalformedMacs.Base64();

    protected override Request Signed(string secret, byte[] body, DateTimeOffset signedAt) =>
        Request.Post(body).Header("x-xero-signature", Sign.Sha256Base64(secret, body));

    /// <summary>An intent-to-receive with a wrong signature is answered 401, empty, by design: that is a refusal.</summary>
    protected override bool IsUnsignedEcho(Request request, VerificationResult result)
    {
        if (result.Outcome != VerificationOutcome.Challenge)
        {
            return false;
        }

        Assert.Equal(401, result.Handshake!.StatusCode);
        Assert.Empty(result.Handshake.Body);
        return true;
    }

    /// <summary>
    /// The intent-to-receive, as Xero sends it (signed, and deliberately mis-signed) and as anyone can send it
    /// (unsigned): its sender chooses the entropy, and a wrong signature.
    /// </summary>
    protected override IEnumerable<Request> HandshakesCarrying(string secret, string chosen)
    {
        var intent = Encoding.UTF8.GetBytes($$"""{"events":[],"lastEventSequence":0,"firstEventSequence":0,"entropy":{{SenderText.Json(chosen)}}}""");
        return [Signed(secret, intent, Now), Request.Post(intent), Request.Post(intent).Header("x-xero-signature", chosen)];
    }

    [Fact]
    public void Correctly_signed_intent_to_receive_is_answered_200_with_no_body()
    {
        var response = Expect.Challenge(Signed(Secret, IntentToReceive, Now).VerifyWith(Verifier(Secret)));
        Assert.Equal(200, response.StatusCode);
        Assert.Null(response.ContentType);
        Assert.Empty(response.Body);
        Assert.Empty(response.Headers);
    }

    [Fact]
    public void Intent_to_receive_signed_with_the_rotated_key_is_answered_200()
    {
        var result = Signed(PreviousSecret, IntentToReceive, Now).VerifyWith(Verifier(Secret, PreviousSecret));
        Assert.Equal(200, Expect.Challenge(result).StatusCode);
        Assert.Equal(1, result.SecretIndex);
    }

    [Fact]
    public void Incorrectly_signed_or_unsigned_intent_to_receive_is_answered_401_with_no_body()
    {
        var verifier = Verifier(Secret);
        foreach (var request in new[]
        {
            Signed(WrongSecret, IntentToReceive, Now),
            Signed(Secret, IntentToReceive, Now).ReplaceHeader("x-xero-signature", "not base64"),
            Request.Post(IntentToReceive),
            Signed(Secret, IntentToReceive, Now).Header("x-xero-signature", Sign.Sha256Base64(Secret, IntentToReceive)),
            Signed(Secret, IntentToReceive, Now).WithBody("""{"events":[],"lastEventSequence":0,"firstEventSequence":0,"entropy":"T0m3r4Nd0mt3xt"}"""),
        })
        {
            var response = Expect.Challenge(request.VerifyWith(verifier));
            Assert.Equal(401, response.StatusCode);
            Assert.Empty(response.Body);
            Assert.Null(response.ContentType);
        }
    }

    [Fact]
    public void Intent_to_receive_answer_is_not_the_signature_of_any_delivery()
    {
        var response = Expect.Challenge(Signed(Secret, IntentToReceive, Now).VerifyWith(Verifier(Secret)));
        Assert.Empty(response.Body);
        Assert.Empty(response.Headers);
    }

    [Fact]
    public void Deliveries_with_events_are_verified_and_forwarded_not_answered()
    {
        var body = """{"events":[{"resourceUrl":"https://api.xero.com/api.xro/2.0/Contacts/717f2bfc-c6d4-41fd-b238-3f2f0c0cf777","resourceId":"717f2bfc-c6d4-41fd-b238-3f2f0c0cf777","eventDateUtc":"2017-06-21T01:15:39.902","eventType":"Update","eventCategory":"CONTACT","tenantId":"c2cc9b6e-9458-4c7d-93cc-f02b81b0594f","tenantType":"ORGANISATION"}],"lastEventSequence":1,"firstEventSequence":1,"entropy":"YSXCMKAQBJOEMGUZEPFZ"}"""u8.ToArray();
        var verifier = Verifier(Secret);
        var result = Expect.Verified(Signed(Secret, body, Now).VerifyWith(verifier));
        Assert.Null(result.Handshake);
        Expect.Failed(FailureCode.InvalidSignature, Signed(WrongSecret, body, Now).VerifyWith(verifier));
        Assert.Equal(IdempotencyKeyKind.Content, verifier.DefaultKeyKind);
    }

    [Theory]
    [InlineData("""{"events":{},"entropy":"x"}""")]
    [InlineData("""{"events":[null]}""")]
    [InlineData("""{"entropy":"x"}""")]
    [InlineData("""[{"events":[]}]""")]
    public void Only_an_empty_events_array_makes_an_intent_to_receive(string body)
    {
        Expect.Failed(FailureCode.InvalidSignature, Signed(WrongSecret, Encoding.UTF8.GetBytes(body), Now).VerifyWith(Verifier(Secret)));
    }
}
