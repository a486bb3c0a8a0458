using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

public sealed class RazorpayTests : BodySigningProviderContract
{
    private const string EventId = "HzWFuD2LEzrjwP";

    protected override string Provider => "razorpay";

    protected override string SignatureHeader => "X-Razorpay-Signature";

    protected override IEnumerable<string> MalformedSignatures =>
    [
        "sdfafds",                                                       // razorpay-node's own "wrong signature"
        "sha256=" + Sign.Sha256Hex(Secret, DefaultBody),
        Sign.Sha256Base64(Secret, DefaultBody),
        new string('a', 63),
        "",
    ];

    protected override Request Signed(string secret, byte[] body, DateTimeOffset signedAt) =>
        Request.Post(body)
            .Header("X-Razorpay-Signature", Sign.Sha256Hex(secret, body))
            .Header("X-Razorpay-Event-Id", EventId);

    // razorpay/razorpay-node, test/utils/razorpay-utils.spec.js, 'validateWebhookSignature'.
    [Fact]
    public void Razorpay_node_validateWebhookSignature_vector_verifies()
    {
        var request = Request.Post("""{"a":1,"b":2,"c":{"d":3}}""")
            .Header("X-Razorpay-Signature", "2fe04e22977002e6c7cb553adab8b460cb9e2a4970d5953cb27a8472752e3bbc");
        Expect.Verified(request.VerifyWith(Verifiers.Create("razorpay", "123456")));
        Expect.Failed(FailureCode.InvalidSignature, request.VerifyWith(Verifiers.Create("razorpay", "1234567")));
    }

    [Fact]
    public void Delivery_id_is_x_razorpay_event_id()
    {
        Assert.Equal(EventId, Expect.Verified(Valid().VerifyWith(Verifier(Secret))).DeliveryId);
    }
}
