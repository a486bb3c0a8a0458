using WebhookFirewall.Verification;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>GitLab has no signature to publish a vector for: the secret token is sent as is.</summary>
public sealed class GitLabTests : TokenProviderContract
{
    private const string IdempotencyKey = "2b6e8f5e-0b4e-4a88-9d1c-7c55a4f2e1a0";

    protected override string Provider => "gitlab";

    protected override string SignatureHeader => "X-Gitlab-Token";

    protected override Request Post(byte[] body) =>
        Request.Post(body)
            .Header("X-Gitlab-Event", "Push Hook")
            .Header("Idempotency-Key", IdempotencyKey)
            .Header("X-Gitlab-Webhook-UUID", "per-request-uuid");

    [Fact]
    public void Delivery_id_is_the_Idempotency_Key_that_stays_the_same_across_retries()
    {
        Assert.Equal(IdempotencyKey, Expect.Verified(Valid().VerifyWith(Verifier(Secret))).DeliveryId);
    }

    [Fact]
    public void Without_Idempotency_Key_there_is_no_delivery_id()
    {
        Assert.Null(Expect.Verified(Valid().WithoutHeader("Idempotency-Key").VerifyWith(Verifier(Secret))).DeliveryId);
    }

    [Fact]
    public void Repeated_Idempotency_Key_is_malformed()
    {
        Expect.Failed(FailureCode.MalformedSignature, Valid().Header("Idempotency-Key", "other").VerifyWith(Verifier(Secret)));
    }
}
