using WebhookFirewall.Verification;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

public sealed class TokenTests : TokenProviderContract
{
    protected override string Provider => "token";

    protected override string SignatureHeader => "X-Webhook-Token";

    protected override ProviderSettings Settings(params string[] secrets) => new() { Secrets = secrets, Header = "X-Webhook-Token" };

    protected override Request Post(byte[] body) => Request.Post(body).Header("X-Idempotency-Key", "order-42");

    [Fact]
    public void No_delivery_id_unless_a_KeyHeader_is_configured()
    {
        Assert.Null(Expect.Verified(Valid().VerifyWith(Verifier(Secret))).DeliveryId);

        var verifier = Verifiers.Create("token", Settings(Secret) with { KeyHeader = "X-Idempotency-Key" });
        Assert.Equal("order-42", Expect.Verified(Valid().VerifyWith(verifier)).DeliveryId);
    }
}
