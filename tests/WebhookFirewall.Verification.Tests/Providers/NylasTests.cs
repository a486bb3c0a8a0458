using System.Text;
using WebhookFirewall.Verification;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>
/// Nylas: `X-Nylas-Signature`, hex HMAC-SHA256 of the raw body with the webhook secret (v3; the client secret in v2,
/// same algorithm). Its endpoint check is an unsigned `GET ?challenge=` answered with the raw value, as Nylas's own
/// CLI answers it (nylas/cli@b564e79c2a7cde9aa0b1aae76030a7c52463af19 internal/adapters/webhookserver/server.go).
/// </summary>
public sealed class NylasTests : BodySigningProviderContract
{
    protected override string Provider => "nylas";

    protected override string SignatureHeader => "X-Nylas-Signature";

    protected override IEnumerable<string> MalformedSignatures => MalformedMacs.Hex();

    protected override Request Signed(string secret, byte[] body, DateTimeOffset signedAt) =>
        Request.Post(body).Header("X-Nylas-Signature", Sign.Sha256Hex(secret, body));

    /// <summary>The unsigned GET challenge is answered by design, with exactly the echoed challenge.</summary>
    protected override bool IsUnsignedEcho(Request request, VerificationResult result) => UnsignedEchoes.IsQueryChallengeEcho("nylas", request, result);

    /// <summary>The challenge GET, unsigned: anyone can send it, with any challenge.</summary>
    protected override IEnumerable<Request> HandshakesCarrying(string secret, string chosen) => [Request.Get("?challenge=" + SenderText.Query(chosen))];

    // nylas/nylas-nodejs@5aab244aa1a2d49a824a5ada0b06c7ae4454d814 __tests__/webhook-notification-spec.js: the SDK's
    // verifyWebhookSignature case, and its negative case with a changed body.
    [Fact]
    public void Sdk_vector_verifies_and_fails_for_another_body()
    {
        var verifier = Verifiers.Create("nylas", "myClientSecret");
        var request = Request.Post("test123").Header("X-Nylas-Signature", "ddc02f921a4835e310f249dc09770c3fea2cb6fe949adc1887d7adc04a581e1c");
        Expect.Verified(request.VerifyWith(verifier));
        Expect.Failed(FailureCode.InvalidSignature, request.Clone().WithBody("test12345").VerifyWith(verifier));
    }

    /// <summary>Nylas's CLI answers 200, text/plain, the raw value; the firewall adds `nosniff`, since the value is the caller's.</summary>
    [Fact]
    public void Challenge_get_is_echoed_raw_and_an_empty_or_repeated_one_is_refused()
    {
        var verifier = Verifier(Secret);
        var response = Expect.Challenge(Request.Get("?challenge=bc609b38-c81f-47fb-a275-1d9bd61a968b").VerifyWith(verifier));
        Assert.Equal((200, "bc609b38-c81f-47fb-a275-1d9bd61a968b"), (response.StatusCode, response.Body));
        Assert.StartsWith("text/plain", response.ContentType, StringComparison.Ordinal);
        Assert.Contains(new KeyValuePair<string, string>("X-Content-Type-Options", "nosniff"), response.Headers);
        foreach (var refused in new[] { "?challenge=", "?challenge=x&challenge=y" })
        {
            Expect.Failed(FailureCode.MalformedSignature, Request.Get(refused).VerifyWith(verifier));
        }
    }

    /// <summary>The echo is the caller's own text, never a MAC: sent back as a signature, it verifies nothing.</summary>
    [Fact]
    public void Challenge_answer_is_not_the_signature_of_any_delivery()
    {
        var echo = Expect.Challenge(Request.Get("?challenge=" + Sign.Sha256Hex(WrongSecret, DefaultBody)).VerifyWith(Verifier(Secret))).Body;
        Expect.Failed(FailureCode.InvalidSignature, Request.Post(DefaultBody).Header("X-Nylas-Signature", echo).VerifyWith(Verifier(Secret)));
    }

    // Nylas retries with the same payload and says to deduplicate on the notification id
    // (developer.nylas.com/docs/cookbook/use-cases/build/handle-duplicate-webhooks).
    [Fact]
    public void Delivery_id_is_the_notification_id()
    {
        var body = Encoding.UTF8.GetBytes("""{"specversion":"1.0","type":"message.created","source":"/google/emails/realtime","id":"mock-id-5fa64c92e5","time":1695415185,"webhook_delivery_attempt":1,"data":{"application_id":"AAA","object":{"id":"m1"}}}""");
        var verifier = Verifier(Secret);
        Assert.Equal("mock-id-5fa64c92e5", Expect.Verified(Signed(Secret, body, Now).VerifyWith(verifier)).DeliveryId);
        Assert.Equal(IdempotencyKeyKind.DeliveryId, verifier.DefaultKeyKind);
    }
}
