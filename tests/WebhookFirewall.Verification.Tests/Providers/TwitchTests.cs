using System.Globalization;
using System.Text;
using WebhookFirewall.Verification;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>
/// No fixed Twitch EventSub vector is used; requests are signed here with the BCL's HMAC, independently of the
/// library: `sha256=` + hex HMAC-SHA256 of message id + timestamp + body, the timestamp RFC 3339 with nanoseconds.
/// </summary>
public sealed class TwitchTests : TimestampSigningProviderContract
{
    private const string MessageId = "e76c6bd4-55c9-4987-8304-da1588d8988b";

    protected override string Provider => "twitch";

    protected override string SignatureHeader => "Twitch-Eventsub-Message-Signature";

    protected override IEnumerable<string> MalformedSignatures =>
    [
        Sign.Sha256Hex(Secret, DefaultBody),
        "sha1=" + new string('a', 40),
        "sha256=",
        "sha256=" + new string('g', 64),
        "sha256=" + new string('a', 62),
    ];

    protected override Request Signed(string secret, byte[] body, DateTimeOffset signedAt) => Signed(secret, body, signedAt, "notification");

    protected override Request WithoutTimestamp(Request valid) => valid.WithoutHeader("Twitch-Eventsub-Message-Timestamp");

    protected override Request SignedHandshake(string secret, byte[] body, DateTimeOffset signedAt) => Signed(secret, body, signedAt, "webhook_callback_verification");

    /// <summary>The signed callback verification: Twitch chooses its challenge and the subscription it names.</summary>
    protected override IEnumerable<Request> HandshakesCarrying(string secret, string chosen)
    {
        var json = SenderText.Json(chosen);
        var body = $$$"""{"challenge":{{{json}}},"subscription":{"id":{{{json}}},"status":"webhook_callback_verification_pending","type":{{{json}}}}}""";
        return [Signed(secret, Encoding.UTF8.GetBytes(body), Now, "webhook_callback_verification")];
    }

    /// <summary>Another signed message id, or a changed body.</summary>
    protected override void Mutate(Request request, Random random)
    {
        if (random.Next(2) == 0)
        {
            request.ReplaceHeader("Twitch-Eventsub-Message-Id", "msg-" + random.Next());
        }
        else
        {
            base.Mutate(request, random);
        }
    }

    [Fact]
    public void Callback_verification_is_answered_with_the_raw_challenge_as_plain_text()
    {
        var body = Encoding.UTF8.GetBytes("""{"challenge":"pogchamp-kappa-360noscope-vohiyo","subscription":{"id":"f1c2a387-161a-49f9-a165-0f21d7a4e1c4","status":"webhook_callback_verification_pending","type":"channel.follow"}}""");
        var result = Signed(Secret, body, Now, "webhook_callback_verification").VerifyWith(Verifier(Secret));
        var response = Expect.Challenge(result);
        Assert.Equal(200, response.StatusCode);
        Assert.StartsWith("text/plain", response.ContentType, StringComparison.Ordinal);
        Assert.Equal("pogchamp-kappa-360noscope-vohiyo", response.Body);
    }

    [Fact]
    public void Unsigned_or_stale_callback_verification_is_not_answered()
    {
        var body = Encoding.UTF8.GetBytes("""{"challenge":"abc"}""");
        var unsigned = Signed(Secret, body, Now, "webhook_callback_verification").WithoutHeader(SignatureHeader);
        Expect.Failed(FailureCode.MissingSignature, unsigned.VerifyWith(Verifier(Secret)));
        Expect.Failed(FailureCode.TimestampOutOfWindow, Signed(Secret, body, Now - TimeSpan.FromHours(1), "webhook_callback_verification").VerifyWith(Verifier(Secret)));
    }

    [Fact]
    public void Callback_verification_without_a_challenge_is_neither_answered_nor_forwarded()
    {
        Expect.Failed(FailureCode.MalformedSignature, Signed(Secret, Encoding.UTF8.GetBytes("{}"), Now, "webhook_callback_verification").VerifyWith(Verifier(Secret)));
    }

    [Fact]
    public void Repeated_message_type_is_malformed()
    {
        var request = Signed(Secret, DefaultBody, Now, "notification").Header("Twitch-Eventsub-Message-Type", "webhook_callback_verification");
        Expect.Failed(FailureCode.MalformedSignature, request.VerifyWith(Verifier(Secret)));
    }

    [Fact]
    public void Notification_and_revocation_are_forwarded_with_the_message_id_as_delivery_id()
    {
        Assert.Equal(MessageId, Expect.Verified(Signed(Secret, DefaultBody, Now, "notification").VerifyWith(Verifier(Secret))).DeliveryId);
        Assert.Equal(MessageId, Expect.Verified(Signed(Secret, DefaultBody, Now, "revocation").VerifyWith(Verifier(Secret))).DeliveryId);
    }

    [Fact]
    public void Message_id_is_signed()
    {
        var request = Valid().ReplaceHeader("Twitch-Eventsub-Message-Id", "another-id");
        Expect.Failed(FailureCode.InvalidSignature, request.VerifyWith(Verifier(Secret)));
        Expect.Failed(FailureCode.MalformedSignature, Valid().WithoutHeader("Twitch-Eventsub-Message-Id").VerifyWith(Verifier(Secret)));
    }

    [Theory]
    [InlineData("2023-11-14T22:13:20.123456789Z")]
    [InlineData("2023-11-14T22:13:20Z")]
    [InlineData("2023-11-14T23:13:20.5+01:00")]
    public void Rfc3339_timestamps_with_any_precision_verify(string timestamp)
    {
        var request = Request.Post(DefaultBody)
            .Header("Twitch-Eventsub-Message-Id", MessageId)
            .Header("Twitch-Eventsub-Message-Timestamp", timestamp)
            .Header("Twitch-Eventsub-Message-Type", "notification")
            .Header(SignatureHeader, "sha256=" + Sign.Sha256Hex(Secret, Sign.Concat(MessageId + timestamp, DefaultBody)));
        Expect.Verified(request.VerifyWith(Verifier(Secret)));
    }

    [Theory]
    [InlineData("1700000000")]
    [InlineData("2023-11-14 22:13:20Z")]
    [InlineData("2023-11-14T22:13:20")]
    public void Timestamp_that_is_not_rfc3339_is_malformed(string timestamp)
    {
        Expect.Failed(FailureCode.MalformedSignature, Valid().ReplaceHeader("Twitch-Eventsub-Message-Timestamp", timestamp).VerifyWith(Verifier(Secret)));
    }

    /// <summary>As Twitch sends it: nanoseconds (nine digits), which .NET alone cannot parse.</summary>
    private static Request Signed(string secret, byte[] body, DateTimeOffset signedAt, string type)
    {
        var timestamp = signedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture) + "00Z";
        return Request.Post(body)
            .Header("Twitch-Eventsub-Message-Id", MessageId)
            .Header("Twitch-Eventsub-Message-Timestamp", timestamp)
            .Header("Twitch-Eventsub-Message-Type", type)
            .Header("Twitch-Eventsub-Message-Signature", "sha256=" + Sign.Sha256Hex(secret, Sign.Concat(MessageId + timestamp, body)));
    }
}
