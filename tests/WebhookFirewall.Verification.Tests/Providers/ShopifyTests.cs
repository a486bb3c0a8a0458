using WebhookFirewall.Verification;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>
/// Shopify publishes no vector. Signed as shopify-api-js verifies (Shopify/shopify-app-js,
/// packages/apps/shopify-api/lib/utils/hmac-validator.ts: createSHA256HMAC(apiSecretKey, rawBody, Base64)).
/// </summary>
public sealed class ShopifyTests : BodySigningProviderContract
{
    private const string WebhookId = "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043";

    protected override string Provider => "shopify";

    protected override string SignatureHeader => "X-Shopify-Hmac-Sha256";

    protected override IEnumerable<string> MalformedSignatures =>
    [
        Sign.Sha256Hex(Secret, DefaultBody),                          // hex where base64 is expected
        Convert.ToBase64String(new byte[31]),                        // a byte short
        Convert.ToBase64String(new byte[33]),                        // a byte long
        Convert.ToBase64String(new byte[32]).TrimEnd('='),           // padding dropped
        "not base64 at all!!",
        Convert.ToBase64String(Enumerable.Repeat((byte)0xFB, 32).ToArray()).Replace('+', '-').Replace('/', '_'), // base64url
        "sha256=" + Convert.ToBase64String(new byte[32]),
    ];

    protected override Request Signed(string secret, byte[] body, DateTimeOffset signedAt) =>
        Request.Post(body)
            .Header("X-Shopify-Hmac-Sha256", Sign.Sha256Base64(secret, body))
            .Header("X-Shopify-Webhook-Id", WebhookId)
            .Header("X-Shopify-Topic", "orders/create");

    [Fact]
    public void Delivery_id_is_X_Shopify_Webhook_Id()
    {
        Assert.Equal(WebhookId, Expect.Verified(Valid().VerifyWith(Verifier(Secret))).DeliveryId);
    }

    [Fact]
    public void Repeated_webhook_id_is_malformed()
    {
        Expect.Failed(FailureCode.MalformedSignature, Valid().Header("X-Shopify-Webhook-Id", "other").VerifyWith(Verifier(Secret)));
    }
}
