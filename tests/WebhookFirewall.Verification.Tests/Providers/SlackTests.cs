using System.Globalization;
using System.Text;
using WebhookFirewall.Verification;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

public sealed class SlackTests : TimestampSigningProviderContract
{
    protected override string Provider => "slack";

    protected override string SignatureHeader => "X-Slack-Signature";

    protected override IEnumerable<string> MalformedSignatures =>
    [
        Sign.Sha256Hex(Secret, DefaultBody),
        "v1=" + new string('a', 64),
        "v0=",
        "v0=" + new string('x', 64),
        "v0=" + new string('a', 63),
        "v0=" + new string('a', 40),
        "v0=" + Convert.ToBase64String(new byte[32]),
    ];

    protected override Request Signed(string secret, byte[] body, DateTimeOffset signedAt)
    {
        var timestamp = signedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return Request.Post(body)
            .Header("X-Slack-Signature", Sign.Slack(secret, timestamp, body))
            .Header("X-Slack-Request-Timestamp", timestamp);
    }

    protected override Request WithoutTimestamp(Request valid) => valid.WithoutHeader("X-Slack-Request-Timestamp");

    /// <summary>The signed url_verification: Slack chooses its challenge and token.</summary>
    protected override IEnumerable<Request> HandshakesCarrying(string secret, string chosen) =>
        [Signed(secret, Encoding.UTF8.GetBytes($$"""{"token":{{SenderText.Json(chosen)}},"challenge":{{SenderText.Json(chosen)}},"type":"url_verification"}"""), Now)];

    /// <summary>A shifted signed timestamp, or a changed body.</summary>
    protected override void Mutate(Request request, Random random)
    {
        if (random.Next(2) == 0)
        {
            Oracles.ShiftNumber(request, "X-Slack-Request-Timestamp", random);
        }
        else
        {
            base.Mutate(request, random);
        }
    }

    // Slack's "Verifying requests from Slack" example, as replayed by Slack's own SDK test
    // (slackapi/python-slack-sdk: tests/slack_sdk/signature/test_signature_verifier.py).
    [Fact]
    public void Slack_docs_example_verifies_at_its_own_time()
    {
        const string body = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
        var request = Request.Post(body)
            .Header("X-Slack-Signature", "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503")
            .Header("X-Slack-Request-Timestamp", "1531420618")
            .At(DateTimeOffset.FromUnixTimeSeconds(1531420618));
        var verifier = Verifiers.Create("slack", "8f742231b10e8888abcd99yyyzzz85a5");

        var result = Expect.Verified(request.VerifyWith(verifier));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1531420618), result.Timestamp);
        Expect.Failed(FailureCode.InvalidSignature, request.Clone().WithBody(body + "------").VerifyWith(verifier));
        Expect.Failed(FailureCode.TimestampOutOfWindow, request.Clone().At(Now).VerifyWith(verifier));
    }

    [Fact]
    public void Signed_url_verification_is_answered_with_the_challenge_as_plain_text()
    {
        var body = Encoding.UTF8.GetBytes("""{"token":"x","challenge":"abc","type":"url_verification"}""");
        var result = Signed(Secret, body, Now).VerifyWith(Verifier(Secret));
        var response = Expect.Challenge(result);
        Assert.Equal(200, response.StatusCode);
        Assert.StartsWith("text/plain", response.ContentType, StringComparison.Ordinal);
        Assert.Equal("abc", response.Body);
        Assert.Equal(0, result.SecretIndex);
    }

    [Fact]
    public void Url_verification_type_is_compared_after_unescaping_and_exactly()
    {
        var escaped = Encoding.UTF8.GetBytes("""{"challenge":"abc","type":"url\u005fverification"}""");
        Assert.Equal("abc", Expect.Challenge(Signed(Secret, escaped, Now).VerifyWith(Verifier(Secret))).Body);

        var other = Encoding.UTF8.GetBytes("""{"challenge":"abc","type":"url_verification2"}""");
        Expect.Verified(Signed(Secret, other, Now).VerifyWith(Verifier(Secret)));
    }

    [Fact]
    public void Unsigned_url_verification_is_not_answered()
    {
        var request = Request.Post("""{"token":"x","challenge":"abc","type":"url_verification"}""")
            .Header("X-Slack-Request-Timestamp", Now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        Expect.Failed(FailureCode.MissingSignature, request.VerifyWith(Verifier(Secret)));
    }

    [Fact]
    public void Url_verification_signed_with_another_secret_or_replayed_late_is_not_answered()
    {
        var body = Encoding.UTF8.GetBytes("""{"token":"x","challenge":"abc","type":"url_verification"}""");
        Expect.Failed(FailureCode.InvalidSignature, Signed(WrongSecret, body, Now).VerifyWith(Verifier(Secret)));
        Expect.Failed(FailureCode.TimestampOutOfWindow, Signed(Secret, body, Now - TimeSpan.FromHours(1)).VerifyWith(Verifier(Secret)));
    }

    [Fact]
    public void Event_callback_is_verified_with_event_id_as_delivery_id()
    {
        var body = Encoding.UTF8.GetBytes("""{"token":"x","team_id":"T1","type":"event_callback","event":{"type":"app_mention","event_id":"inner"},"event_id":"Ev08MFMKH6","event_time":1700000000}""");
        var result = Expect.Verified(Signed(Secret, body, Now).VerifyWith(Verifier(Secret)));
        Assert.Equal("Ev08MFMKH6", result.DeliveryId);
    }

    [Fact]
    public void Form_encoded_slash_command_is_verified_without_an_id()
    {
        var body = Encoding.UTF8.GetBytes("token=x&team_id=T1&command=%2Fdeploy&text=now");
        Assert.Null(Expect.Verified(Signed(Secret, body, Now).VerifyWith(Verifier(Secret))).DeliveryId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("-1700000000")]
    [InlineData("1700000000.5")]
    [InlineData(" 1700000000")]
    [InlineData("99999999999999999999")]
    public void Timestamp_that_is_not_unix_seconds_is_malformed(string timestamp)
    {
        var request = Valid().ReplaceHeader("X-Slack-Request-Timestamp", timestamp);
        Expect.Failed(FailureCode.MalformedSignature, request.VerifyWith(Verifier(Secret)));
    }

    [Fact]
    public void Repeated_timestamp_header_is_malformed()
    {
        var request = Valid();
        request.Header("X-Slack-Request-Timestamp", request.Headers.Get("X-Slack-Request-Timestamp").Value!);
        Expect.Failed(FailureCode.MalformedSignature, request.VerifyWith(Verifier(Secret)));
    }

    [Fact]
    public void Timestamp_changed_after_signing_is_invalid_signature()
    {
        var request = Valid().ReplaceHeader("X-Slack-Request-Timestamp", (Now.ToUnixTimeSeconds() - 1).ToString(CultureInfo.InvariantCulture));
        Expect.Failed(FailureCode.InvalidSignature, request.VerifyWith(Verifier(Secret)));
    }
}
