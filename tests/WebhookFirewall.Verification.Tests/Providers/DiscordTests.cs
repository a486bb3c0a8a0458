using System.Text;
using WebhookFirewall.Verification;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>`discord`, the interactions endpoint: a signed PING (`type` 1) is answered `{"type":1}`, the rest forwarded.</summary>
public sealed class DiscordTests : DiscordContract
{
    /// <summary>discord-interactions-js's example command (src/__tests__/utils/SharedTestUtils.ts, applicationCommandRequestBody).</summary>
    private const string LibraryCommandBody = """{"id":"787053080478613556","token":"ThisIsATokenFromDiscordThatIsVeryLong","type":2,"version":1,"data":{"id":"787053080478613554","name":"test"}}""";

    protected override string Provider => "discord";

    /// <summary>The signed PING: Discord chooses its id and token; the answer is always `{"type":1}`.</summary>
    protected override IEnumerable<Request> HandshakesCarrying(string secret, string chosen) =>
        [Signed(secret, Encoding.UTF8.GetBytes($$"""{"id":{{SenderText.Json(chosen)}},"token":{{SenderText.Json(chosen)}},"type":1,"version":1}"""), Now)];

    [Fact]
    public void Signed_ping_is_answered_with_type_1_as_json()
    {
        var result = Signed(ConfiguredSecret(Secret), Encoding.UTF8.GetBytes(LibraryPingBody), Now).VerifyWith(Verifier(Secret));
        var response = Expect.Challenge(result);
        Assert.Equal(200, response.StatusCode);
        Assert.Equal("application/json", response.ContentType);
        Assert.Equal("""{"type":1}""", response.Body);
        Assert.Equal(0, result.SecretIndex);
    }

    [Fact]
    public void Command_is_verified_with_the_interaction_id_as_delivery_id()
    {
        var result = Expect.Verified(Signed(ConfiguredSecret(Secret), Encoding.UTF8.GetBytes(LibraryCommandBody), Now).VerifyWith(Verifier(Secret)));
        Assert.Equal("787053080478613556", result.DeliveryId);
    }

    /// <summary>Discord checks an endpoint by sending requests with wrong signatures; they must be refused.</summary>
    [Fact]
    public void Ping_with_a_deliberately_wrong_signature_is_invalid_signature()
    {
        var body = Encoding.UTF8.GetBytes(LibraryPingBody);
        Expect.Failed(FailureCode.InvalidSignature, Signed(ConfiguredSecret(WrongSecret), body, Now).VerifyWith(Verifier(Secret)));

        var request = Signed(ConfiguredSecret(Secret), body, Now);
        var signature = request.Headers.Get(SignatureHeader).Value!;
        var flipped = (signature[0] == '0' ? "1" : "0") + signature[1..];
        Expect.Failed(FailureCode.InvalidSignature, request.ReplaceHeader(SignatureHeader, flipped).VerifyWith(Verifier(Secret)));
    }

    [Fact]
    public void Unsigned_or_replayed_ping_is_not_answered()
    {
        var body = Encoding.UTF8.GetBytes(LibraryPingBody);
        Expect.Failed(FailureCode.MissingSignature, Request.Post(body).Header(TimestampHeader, "1700000000").VerifyWith(Verifier(Secret)));
        Expect.Failed(FailureCode.TimestampOutOfWindow, Signed(ConfiguredSecret(Secret), body, Now - TimeSpan.FromHours(1)).VerifyWith(Verifier(Secret)));
    }

    [Theory]
    [InlineData("""{"type":"1"}""")]
    [InlineData("""{"type":1.5}""")]
    [InlineData("""{"data":{"type":1},"type":2}""")]
    [InlineData("""[{"type":1}]""")]
    public void Only_the_top_level_number_1_is_a_ping(string body)
    {
        Expect.Verified(Signed(ConfiguredSecret(Secret), Encoding.UTF8.GetBytes(body), Now).VerifyWith(Verifier(Secret)));
    }
}
