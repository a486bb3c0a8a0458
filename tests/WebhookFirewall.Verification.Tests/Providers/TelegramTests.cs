using WebhookFirewall.Verification;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>Telegram sends setWebhook's `secret_token` back as is; no vector exists for a plain token.</summary>
public sealed class TelegramTests : TokenProviderContract
{
    protected override string Provider => "telegram";

    protected override string SignatureHeader => "X-Telegram-Bot-Api-Secret-Token";

    protected override Request Post(byte[] body) => Request.Post(body);

    [Fact]
    public void Delivery_id_is_the_numeric_update_id_as_text()
    {
        var request = Request.Post("""{"update_id":735218941,"message":{"message_id":1,"text":"/start"}}""")
            .Header(SignatureHeader, Secret);
        Assert.Equal("735218941", Expect.Verified(request.VerifyWith(Verifier(Secret))).DeliveryId);
    }

    [Fact]
    public void Body_that_is_not_json_verifies_without_an_id()
    {
        var request = Request.Post("not json").Header(SignatureHeader, Secret);
        Assert.Null(Expect.Verified(request.VerifyWith(Verifier(Secret))).DeliveryId);
    }
}
