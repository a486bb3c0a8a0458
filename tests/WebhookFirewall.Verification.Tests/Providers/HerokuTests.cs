using System.Text;
using WebhookFirewall.Verification;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>
/// Heroku publishes no vector that verifies (its README's example signature is illustrative). Signed here as its
/// webhook docs state, with the BCL (heroku/webhooks-docs@79fb71dcb10d2a7dc1898be9910df58d3861f8bf README.md,
/// "Receiving webhooks": `Heroku-Webhook-Hmac-SHA256` holds the HMAC-SHA256 of the body with the webhook's secret,
/// base64 as its example shows). The body's webhook_metadata carries the attempt and the delivery ids.
/// </summary>
public sealed class HerokuTests : BodySigningProviderContract
{
    private const string DeliveryId = "d244009a-670f-4340-88e9-789a4f9002d5";

    protected override string Provider => "heroku";

    protected override string SignatureHeader => "Heroku-Webhook-Hmac-SHA256";

    protected override IEnumerable<string> MalformedSignatures => MalformedMacs.Base64();

    protected override Request Signed(string secret, byte[] body, DateTimeOffset signedAt) =>
        Request.Post(body).Header("Heroku-Webhook-Hmac-SHA256", Sign.Sha256Base64(secret, body));

    /// <summary>The README's example body, shortened, for one attempt of one delivery.</summary>
    private const string AttemptTemplate = """{"action":"update","id":"d472a8bb-1a3c-4f78-aad1-995e6d0022ec","resource":"app","webhook_metadata":{"attempt":{"id":"ATTEMPT"},"delivery":{"id":"DELIVERY"},"event":{"id":"d472a8bb-1a3c-4f78-aad1-995e6d0022ec","include":"api:app"},"webhook":{"id":"01234567-89ab-cdef-0123-456789abcdef"}}}""";

    private static byte[] Attempt(string attemptId, string deliveryId = DeliveryId) =>
        Encoding.UTF8.GetBytes(AttemptTemplate.Replace("ATTEMPT", attemptId, StringComparison.Ordinal).Replace("DELIVERY", deliveryId, StringComparison.Ordinal));

    [Fact]
    public void Every_attempt_of_a_delivery_has_the_delivery_id_and_a_trusted_key()
    {
        var verifier = Verifier(Secret);
        var first = Expect.Verified(Signed(Secret, Attempt("8a44f820-2354-489d-9a11-a793cbf49979"), Now).VerifyWith(verifier));
        var retry = Expect.Verified(Signed(Secret, Attempt("0b7e2a1c-5d0f-4a5e-9f44-7c1d2e3f4a5b"), Now).VerifyWith(verifier));
        Assert.Equal(DeliveryId, first.DeliveryId);
        Assert.Equal(DeliveryId, retry.DeliveryId);
        Assert.Equal(IdempotencyKeyKind.DeliveryId, verifier.DefaultKeyKind);
    }

    [Theory]
    [InlineData("""{"webhook_metadata":{"delivery":{"id":"a"},"delivery":{"id":"b"}}}""")]
    [InlineData("""{"webhook_metadata":{"delivery":{"id":"a","id":"b"}}}""")]
    [InlineData("""{"webhook_metadata":{"delivery":"d244009a"}}""")]
    [InlineData("""{"webhook_metadata":{},"webhook_metadata":{"delivery":{"id":"b"}}}""")]
    public void Repeated_or_misshapen_delivery_id_is_malformed(string body)
    {
        Expect.Failed(FailureCode.MalformedSignature, Signed(Secret, Encoding.UTF8.GetBytes(body), Now).VerifyWith(Verifier(Secret)));
    }

    [Theory]
    [InlineData("""{"id":"top-level","webhook_metadata":{"attempt":{"id":"x"}}}""")]
    [InlineData("""{"delivery":{"id":"not-in-metadata"}}""")]
    [InlineData("""{"webhook_metadata":{"delivery":{"id":7}}}""")]
    public void Without_a_delivery_id_in_the_metadata_there_is_none(string body)
    {
        var result = Expect.Verified(Signed(Secret, Encoding.UTF8.GetBytes(body), Now).VerifyWith(Verifier(Secret)));
        Assert.Equal(body.Contains(":7", StringComparison.Ordinal) ? "7" : null, result.DeliveryId);
    }

    [Fact]
    public void Secret_is_used_as_text_however_it_looks()
    {
        const string secret = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789ab";
        var body = Attempt("8a44f820-2354-489d-9a11-a793cbf49979");
        Expect.Verified(Signed(secret, body, Now).VerifyWith(Verifiers.Create("heroku", secret)));
    }
}
