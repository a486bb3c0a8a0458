using WebhookFirewall.Verification;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>Clerk: Standard Webhooks under svix-* names (the reference-library vector and its cases come from the contract).</summary>
public sealed class ClerkTests : StandardWebhooksContract
{
    protected override string Provider => "clerk";

    protected override string HeaderPrefix => "svix-";

    // clerk/javascript@0f62bc3c7d721ef1491484254002d988fa146130 packages/backend/src/webhooks.ts (verifyWebhook) reads
    // svix-id, svix-timestamp and svix-signature, maps them to webhook-* and verifies with `standardwebhooks`, whose
    // own sign vector is this one (standard-webhooks/standard-webhooks@b2fa7b8719fb75d326b591077f5d1b385cfcdfae
    // libraries/javascript/src/webhook.test.ts, "sign function works").
    [Fact]
    public void Standardwebhooks_sign_vector_verifies_on_clerk_headers_with_svix_id_as_delivery_id()
    {
        var result = Expect.Verified(Vector(VectorSignature).VerifyWith(Verifiers.Create("clerk", VectorSecret)));
        Assert.Equal(VectorId, result.DeliveryId);
        Assert.Equal(IdempotencyKeyKind.DeliveryId, Verifiers.Create("clerk", VectorSecret).DefaultKeyKind);
    }
}
