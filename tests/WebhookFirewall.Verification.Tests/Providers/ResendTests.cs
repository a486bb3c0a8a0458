using System.Globalization;
using System.Text;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>
/// Resend: resend.com/docs/webhooks/verify-webhooks-requests reads `svix-id`, `svix-timestamp` and `svix-signature`
/// and hands them to resend/resend-node@3f6745910bfd3f308371950523d5cd1797f66b4b src/webhooks/webhooks.ts (`verify`:
/// the `standardwebhooks` library). The reference-library vector and its cases come from the contract.
/// </summary>
public sealed class ResendTests : StandardWebhooksContract
{
    protected override string Provider => "resend";

    protected override string HeaderPrefix => "svix-";

    // resend-node src/webhooks/webhooks.spec.ts ("verify"): the svix test secret and an id of Resend's shape, signed
    // fresh with `new Webhook(secret).sign(...)` — here with the BCL exactly as that library signs.
    [Fact]
    public void Event_signed_as_resends_sdk_test_signs_it_verifies()
    {
        const string id = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W";
        var body = Encoding.UTF8.GetBytes("""{"type":"email.sent","created_at":"2024-11-22T23:41:12.126Z","data":{"email_id":"56761188-7520-42d8-8898-ff6fc54ce618"}}""");
        var timestamp = Now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var request = Request.Post(body)
            .Header("svix-id", id)
            .Header("svix-timestamp", timestamp)
            .Header("svix-signature", Sign.StandardWebhooks(VectorSecret, id, timestamp, body));
        Assert.Equal(id, Expect.Verified(request.VerifyWith(Verifiers.Create("resend", VectorSecret))).DeliveryId);
    }
}
