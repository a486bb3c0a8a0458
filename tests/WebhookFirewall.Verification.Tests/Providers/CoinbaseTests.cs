using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

public sealed class CoinbaseTests : BodySigningProviderContract
{
    // coinbase/coinbase-commerce-node, test/testWebhook.spec.js, "should successfully verify signature and return event".
    private const string VectorSecret = "30291a20-0bd1-4267-9b0f-e6e7b123c0bf";
    private const string VectorSignature = "8be7742c7d372f08a6a3224edadf18a22b65fa9e28f3f2de97376cdaa092590d";
    private const string VectorBody = """{"id":1,"scheduled_for":"2017-01-31T20:50:02Z","attempt_number":1,"event":{"id":"24934862-d980-46cb-9402-43c81b0cdba6","type":"charge:created","api_version":"2018-03-22","created_at":"2017-01-31T20:49:02Z","data":{"code":"66BEOV2A","name":"The Sovereign Individual","description":"Mastering the Transition to the Information Age","hosted_url":"https://commerce.coinbase.com/charges/66BEOV2A","created_at":"2017-01-31T20:49:02Z","expires_at":"2017-01-31T21:04:02Z","timeline":[{"time":"2017-01-31T20:49:02Z","status":"NEW"}],"metadata":{},"pricing_type":"no_price","payments":[],"addresses":{"bitcoin":"0000000000000000000000000000000000","ethereum":"0x0000000000000000000000000000000000000000","litecoin":"3000000000000000000000000000000000","bitcoincash":"bitcoincash:000000000000000000000000000000000000000000"}}}}""";

    protected override string Provider => "coinbase";

    protected override string SignatureHeader => "X-CC-Webhook-Signature";

    protected override IEnumerable<string> MalformedSignatures =>
    [
        "sha256=" + Sign.Sha256Hex(Secret, DefaultBody),
        Sign.Sha256Base64(Secret, DefaultBody),
        VectorSignature[..^2],
    ];

    protected override Request Signed(string secret, byte[] body, DateTimeOffset signedAt) =>
        Request.Post(body).Header("X-CC-Webhook-Signature", Sign.Sha256Hex(secret, body));

    [Fact]
    public void Coinbase_commerce_node_vector_verifies_with_its_delivery_id_and_not_with_the_invalid_secret()
    {
        var request = Request.Post(VectorBody).Header("X-CC-Webhook-Signature", VectorSignature);
        Assert.Equal("1", Expect.Verified(request.VerifyWith(Verifiers.Create("coinbase", VectorSecret))).DeliveryId);
        // The same test file's "should fail verification with invalid secret key".
        Expect.Failed(FailureCode.InvalidSignature, request.VerifyWith(Verifiers.Create("coinbase", "30291a20-0bd1-4267-9b0f-e6e7b123c0bg")));
    }
}
