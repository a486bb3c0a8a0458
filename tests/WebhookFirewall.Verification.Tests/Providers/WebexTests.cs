using System.Text;
using WebhookFirewall.Verification;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>
/// Webex publishes no vector. Signed here as the Webex for Developers blog's validation sample computes it, with the
/// BCL ("Using a Webhook Secret", developer-portal-k.wbx2.com/blog/using-a-webhook-secret:
/// `hmac.new(key.encode(), raw, hashlib.sha1).hexdigest()` compared with `X-Spark-Signature`).
/// </summary>
public sealed class WebexTests : BodySigningProviderContract
{
    protected override string Provider => "webex";

    protected override string SignatureHeader => "X-Spark-Signature";

    protected override IEnumerable<string> MalformedSignatures => [.. MalformedMacs.Hex(20), Sign.Sha256Hex(Secret, DefaultBody)]; // and a SHA-256 digest

    protected override Request Signed(string secret, byte[] body, DateTimeOffset signedAt) =>
        Request.Post(body).Header("X-Spark-Signature", PresetSign.Sha1Hex(secret, body));

    /// <summary>The body's `id` names the webhook registration, the same on every event: it is no delivery id.</summary>
    [Fact]
    public void Deliveries_are_keyed_by_content_not_by_the_webhook_id()
    {
        var body = Encoding.UTF8.GetBytes("""{"id":"Y2lzY29zcGFyazovL3VzL1dFQkhPT0svZjRlNjA1NjAtNjYwMi00ZmIwLWEyNWEtOTQ5ODgxNjA5NDk3","resource":"messages","event":"created","data":{"id":"Y2lzY29zcGFyazovL3VzL01FU1NBR0UvOTJkYjNiZTAtNDNiZC0xMWU2LThhZTktZGQ1YjNkZmM1NjVk"}}""");
        var verifier = Verifier(Secret);
        Assert.Null(Expect.Verified(Signed(Secret, body, Now).VerifyWith(verifier)).DeliveryId);
        Assert.Equal(IdempotencyKeyKind.Content, verifier.DefaultKeyKind);
    }

    [Fact]
    public void Blog_example_secret_signs_as_sha1_of_the_raw_body()
    {
        var body = """{"id":"x","resource":"messages","event":"created"}"""u8.ToArray();
        var request = Request.Post(body).Header("X-Spark-Signature", PresetSign.Sha1Hex("somesupersecretphrase", body));
        Expect.Verified(request.VerifyWith(Verifiers.Create("webex", "somesupersecretphrase")));
        Expect.Failed(FailureCode.InvalidSignature, request.Clone().WithBody(body[..^1]).VerifyWith(Verifiers.Create("webex", "somesupersecretphrase")));
    }
}
