using System.Text;
using WebhookFirewall.Verification;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>`discord-events`, the webhook-events endpoint: a signed PING (`type` 0) is answered 204, events (`type` 1) forwarded.</summary>
public sealed class DiscordEventsTests : DiscordContract
{
    protected override string Provider => "discord-events";

    /// <summary>The signed PING (`type` 0): Discord chooses its application id; the answer is always 204.</summary>
    protected override IEnumerable<Request> HandshakesCarrying(string secret, string chosen) =>
        [Signed(secret, Encoding.UTF8.GetBytes($$"""{"version":1,"application_id":{{SenderText.Json(chosen)}},"type":0}"""), Now)];

    [Fact]
    public void Signed_ping_is_answered_204_without_a_body()
    {
        var body = Encoding.UTF8.GetBytes("""{"version":1,"application_id":"1234560123453231555","type":0}""");
        var response = Expect.Challenge(Signed(ConfiguredSecret(Secret), body, Now).VerifyWith(Verifier(Secret)));
        Assert.Equal(204, response.StatusCode);
        Assert.Null(response.ContentType);
        Assert.Empty(response.Body);
    }

    [Fact]
    public void Event_is_forwarded_without_a_delivery_id()
    {
        var body = Encoding.UTF8.GetBytes("""{"version":1,"application_id":"1234560123453231555","type":1,"event":{"type":"APPLICATION_AUTHORIZED","timestamp":"2024-10-18T14:42:53.064834","data":{"integration_type":1}}}""");
        Assert.Null(Expect.Verified(Signed(ConfiguredSecret(Secret), body, Now).VerifyWith(Verifier(Secret))).DeliveryId);
    }

    [Fact]
    public void Unsigned_ping_is_not_answered()
    {
        var request = Request.Post("""{"version":1,"type":0}""").Header(TimestampHeader, "1700000000");
        Expect.Failed(FailureCode.MissingSignature, request.VerifyWith(Verifier(Secret)));
    }
}
