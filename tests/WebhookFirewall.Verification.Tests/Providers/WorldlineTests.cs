using System.Security.Cryptography;
using System.Text;
using WebhookFirewall.Verification;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>
/// Worldline Connect: `X-GCS-KeyId` names the key and `X-GCS-Signature` is base64 HMAC-SHA256 of the body with that
/// key's secret (Worldline-Global-Collect/connect-sdk-nodejs@acea45e5e7343e0223da6c5a34fb8b360cb169c6
/// src/webhooks/validation.ts). Its endpoint check is an unsigned GET echoing `X-GCS-Webhooks-Endpoint-Verification`.
/// </summary>
public sealed class WorldlineTests : BodySigningProviderContract
{
    // Worldline-Global-Collect/connect-sdk-nodejs@acea45e5e7343e0223da6c5a34fb8b360cb169c6
    // __tests__/unit/webhooks/webhooks.test.ts: its valid body (line feeds only, no final one), signature, key id and secret.
    private const string VectorBody = """
        {
          "apiVersion": "v1",
          "id": "8ee793f6-4553-4749-85dc-f2ef095c5ab0",
          "created": "2017-02-02T11:24:14.040+0100",
          "merchantId": "20000",
          "type": "payment.paid",
          "payment": {
            "id": "00000200000143570012",
            "paymentOutput": {
              "amountOfMoney": {
                "amount": 1000,
                "currencyCode": "EUR"
              },
              "references": {
                "paymentReference": "200001681810"
              },
              "paymentMethod": "bankTransfer",
              "bankTransferPaymentMethodSpecificOutput": {
                "paymentProductId": 11
              }
            },
            "status": "PAID",
            "statusOutput": {
              "isCancellable": false,
              "statusCategory": "COMPLETED",
              "statusCode": 1000,
              "statusCodeChangeDateTime": "20170202112414",
              "isAuthorized": true
            }
          }
        }
        """;

    private const string VectorSignature = "2S7doBj/GnJnacIjSJzr5fxGM5xmfQyFAwxv1I53ZEk=";
    private const string VectorKeyId = "dummy-key-id";
    private const string VectorSecret = "hello+world";

    protected override string Provider => "worldline";

    protected override string SignatureHeader => "X-GCS-Signature";

    protected override ProviderSettings Settings(params string[] secrets) => KeyIds.Settings(secrets);

    protected override IEnumerable<string> MalformedSignatures => MalformedMacs.Base64();

    protected override Request Signed(string secret, byte[] body, DateTimeOffset signedAt) =>
        Request.Post(body).Header("X-GCS-Signature", Sign.Sha256Base64(secret, body)).Header("X-GCS-KeyId", KeyIds.For(secret));

    /// <summary>The unsigned endpoint check is answered by design, with exactly the echoed header.</summary>
    protected override bool IsUnsignedEcho(Request request, VerificationResult result)
    {
        if (result.Outcome != VerificationOutcome.Challenge)
        {
            return false;
        }

        var verification = request.Headers.Get("X-GCS-Webhooks-Endpoint-Verification");
        Assert.True(request.Method == "GET" && verification.Presence == HeaderPresence.Single, $"worldline answered a {request.Method}");
        Assert.Equal(verification.Value, result.Handshake!.Body);
        return true;
    }

    /// <summary>The endpoint check, unsigned: anyone can send it, with any verification value.</summary>
    protected override IEnumerable<Request> HandshakesCarrying(string secret, string chosen) =>
        [Request.Get().Header("X-GCS-Webhooks-Endpoint-Verification", chosen)];

    private static byte[] VectorBytes => Encoding.UTF8.GetBytes(VectorBody.ReplaceLineEndings("\n"));

    [Fact]
    public void Sdk_vector_verifies_for_its_key_id()
    {
        Assert.Equal("2882e2ba85e87c14a16cff1ff9351d79336bb6eaf998608d2e8d95b06ae72189", Convert.ToHexStringLower(SHA256.HashData(VectorBytes)));
        var verifier = Verifiers.Create("worldline", new ProviderSettings { KeyedSecrets = [new("another-key", "another secret"), new(VectorKeyId, VectorSecret)] });
        var request = Request.Post(VectorBytes).Header("X-GCS-Signature", VectorSignature).Header("X-GCS-KeyId", VectorKeyId);
        var result = Expect.Verified(request.VerifyWith(verifier), secretIndex: 1);
        Assert.Equal("8ee793f6-4553-4749-85dc-f2ef095c5ab0", result.DeliveryId);
        Expect.Failed(FailureCode.InvalidSignature, request.Clone().ReplaceHeader("X-GCS-KeyId", "another-key").VerifyWith(verifier));
        Expect.Failed(FailureCode.InvalidSignature, request.Clone().WithBody([.. VectorBytes, (byte)'\n']).VerifyWith(verifier));
    }

    [Fact]
    public void Unknown_key_id_is_invalid_and_a_missing_or_repeated_one_malformed()
    {
        var verifier = Verifier(Secret);
        Expect.Failed(FailureCode.InvalidSignature, Valid().ReplaceHeader("X-GCS-KeyId", "not-configured").VerifyWith(verifier));
        Expect.Failed(FailureCode.MalformedSignature, Valid().WithoutHeader("X-GCS-KeyId").VerifyWith(verifier));
        Expect.Failed(FailureCode.MalformedSignature, Valid().Header("X-GCS-KeyId", KeyIds.For(Secret)).VerifyWith(verifier));
    }

    [Fact]
    public void Endpoint_verification_get_is_echoed_as_plain_text_with_nosniff()
    {
        var request = Request.Get().Header("X-GCS-Webhooks-Endpoint-Verification", "9c8a3e5b-1f2d-4a6b-8c7d-0e1f2a3b4c5d");
        var response = Expect.Challenge(request.VerifyWith(Verifier(Secret)));
        Assert.Equal(200, response.StatusCode);
        Assert.StartsWith("text/plain", response.ContentType, StringComparison.Ordinal);
        Assert.Equal("9c8a3e5b-1f2d-4a6b-8c7d-0e1f2a3b4c5d", response.Body);
        Assert.Contains(new KeyValuePair<string, string>("X-Content-Type-Options", "nosniff"), response.Headers);
    }

    [Theory]
    [InlineData("")]
    [InlineData("two words")]
    public void Endpoint_verification_that_cannot_be_echoed_safely_is_malformed(string value)
    {
        var request = Request.Get().Header("X-GCS-Webhooks-Endpoint-Verification", value);
        Expect.Failed(FailureCode.MalformedSignature, request.VerifyWith(Verifier(Secret)));
    }

    [Fact]
    public void Markup_is_echoed_as_plain_text_which_is_never_sniffed()
    {
        var request = Request.Get().Header("X-GCS-Webhooks-Endpoint-Verification", "<script>");
        var response = Expect.Challenge(request.VerifyWith(Verifier(Secret)));
        Assert.Equal("<script>", response.Body);
        Assert.StartsWith("text/plain", response.ContentType, StringComparison.Ordinal);
    }

    [Fact]
    public void Repeated_endpoint_verification_is_malformed_and_a_post_with_it_needs_a_signature()
    {
        var repeated = Request.Get().Header("X-GCS-Webhooks-Endpoint-Verification", "a").Header("X-GCS-Webhooks-Endpoint-Verification", "b");
        Expect.Failed(FailureCode.MalformedSignature, repeated.VerifyWith(Verifier(Secret)));
        var post = Request.Post(DefaultBody).Header("X-GCS-Webhooks-Endpoint-Verification", "a");
        Expect.Failed(FailureCode.MissingSignature, post.VerifyWith(Verifier(Secret)));
    }

    [Fact]
    public void Endpoint_verification_answer_is_not_the_signature_of_any_delivery()
    {
        var echo = Expect.Challenge(Request.Get().Header("X-GCS-Webhooks-Endpoint-Verification", Sign.Sha256Base64(WrongSecret, DefaultBody)).VerifyWith(Verifier(Secret))).Body;
        Expect.Failed(FailureCode.InvalidSignature, Valid().ReplaceHeader("X-GCS-Signature", echo).VerifyWith(Verifier(Secret)));
    }

    [Fact]
    public void Delivery_id_is_the_event_id_worldline_says_to_deduplicate_on()
    {
        var verifier = Verifier(Secret);
        Assert.Equal("evt_1", Expect.Verified(Valid().VerifyWith(verifier)).DeliveryId);
        Assert.Equal(IdempotencyKeyKind.DeliveryId, verifier.DefaultKeyKind);
    }
}
