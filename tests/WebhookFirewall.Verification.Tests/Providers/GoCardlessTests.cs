using System.Text;
using WebhookFirewall.Verification;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>GoCardless: `Webhook-Signature`, hex HMAC-SHA256 of the body with the endpoint secret.</summary>
public sealed class GoCardlessTests : BodySigningProviderContract
{
    protected override string Provider => "gocardless";

    protected override string SignatureHeader => "Webhook-Signature";

    protected override IEnumerable<string> MalformedSignatures => MalformedMacs.Hex();

    protected override Request Signed(string secret, byte[] body, DateTimeOffset signedAt) =>
        Request.Post(body).Header("Webhook-Signature", Sign.Sha256Hex(secret, body));

    // gocardless/gocardless-pro-python@d5c83f375d8867d2980745ed1c510f264823d300 tests/webhooks_test.py: the body of
    // tests/fixtures/webhook_body.json as the test reads it (.strip()), its key and its signature.
    [Fact]
    public void Sdk_vector_verifies()
    {
        const string body = """{"events":[{"id":"EV00BD05S5VM2T","created_at":"2018-07-05T09:13:51.404Z","resource_type":"subscriptions","action":"created","links":{"subscription":"SB0003JJQ2MR06"},"details":{"origin":"api","cause":"subscription_created","description":"Subscription created via the API."},"metadata":{}},{"id":"EV00BD05TB8K63","created_at":"2018-07-05T09:13:56.893Z","resource_type":"mandates","action":"created","links":{"mandate":"MD000AMA19XGEC"},"details":{"origin":"api","cause":"mandate_created","description":"Mandate created via the API."},"metadata":{}}]}""";
        var request = Request.Post(body).Header("Webhook-Signature", "2693754819d3e32d7e8fcb13c729631f316c6de8dc1cf634d6527f1c07276e7e");
        var verifier = Verifiers.Create("gocardless", "ED7D658C-D8EB-4941-948B-3973214F2D49");
        Assert.Null(Expect.Verified(request.VerifyWith(verifier)).DeliveryId);
        Expect.Failed(FailureCode.InvalidSignature, request.Clone().WithBody(body + "\n").VerifyWith(verifier));
    }

    // The SDK's parse_with_meta (gocardless_pro/webhooks.py) reads the webhook's id from meta.webhook_id.
    [Fact]
    public void Delivery_id_is_meta_webhook_id_inside_the_signed_body()
    {
        var body = Encoding.UTF8.GetBytes("""{"events":[{"id":"EV123","resource_type":"payments","action":"confirmed"}],"meta":{"webhook_id":"WB00001A2B3C4D"}}""");
        var verifier = Verifier(Secret);
        Assert.Equal("WB00001A2B3C4D", Expect.Verified(Signed(Secret, body, Now).VerifyWith(verifier)).DeliveryId);
        Assert.Equal(IdempotencyKeyKind.DeliveryId, verifier.DefaultKeyKind);
    }
}
