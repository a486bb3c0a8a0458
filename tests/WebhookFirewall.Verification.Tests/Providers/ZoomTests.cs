using System.Globalization;
using System.Text;
using System.Text.Json;
using WebhookFirewall.Verification;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>
/// Zoom publishes no fixed vector; requests are signed here as Zoom's own sample verifies them
/// (zoom/webhook-sample: index.js, `v0=` + hex HMAC-SHA256 of `v0:{x-zm-request-timestamp}:{body}`, and the
/// url_validation answer `encryptedToken` = hex HMAC-SHA256 of the plainToken with the same secret).
/// </summary>
public sealed class ZoomTests : TimestampSigningProviderContract
{
    private const string ValidationBody = """{"payload":{"plainToken":"qgg8vlvZRS6UYooatFL8Aw"},"event_ts":1654503849680,"event":"endpoint.url_validation"}""";

    protected override string Provider => "zoom";

    protected override string SignatureHeader => "x-zm-signature";

    protected override IEnumerable<string> MalformedSignatures =>
    [
        Sign.Sha256Hex(Secret, DefaultBody),
        "v1=" + new string('a', 64),
        "v0=",
        "v0=" + new string('x', 64),
        "v0=" + new string('a', 63),
        "v0=" + Convert.ToBase64String(new byte[32]),
    ];

    protected override Request Signed(string secret, byte[] body, DateTimeOffset signedAt)
    {
        var timestamp = signedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return Request.Post(body)
            .Header("x-zm-signature", "v0=" + Sign.Sha256Hex(secret, Sign.Concat($"v0:{timestamp}:", body)))
            .Header("x-zm-request-timestamp", timestamp);
    }

    protected override Request WithoutTimestamp(Request valid) => valid.WithoutHeader("x-zm-request-timestamp");

    /// <summary>The signed endpoint.url_validation: Zoom chooses its plainToken.</summary>
    protected override IEnumerable<Request> HandshakesCarrying(string secret, string chosen) =>
        [Signed(secret, Encoding.UTF8.GetBytes($$"""{"payload":{"plainToken":{{SenderText.Json(chosen)}}},"event_ts":1654503849680,"event":"endpoint.url_validation"}"""), Now)];

    /// <summary>A shifted signed timestamp, or a changed body.</summary>
    protected override void Mutate(Request request, Random random)
    {
        if (random.Next(2) == 0)
        {
            Oracles.ShiftNumber(request, "x-zm-request-timestamp", random);
        }
        else
        {
            base.Mutate(request, random);
        }
    }

    [Fact]
    public void Signed_url_validation_is_answered_with_the_token_and_its_hmac()
    {
        var result = Signed(Secret, Encoding.UTF8.GetBytes(ValidationBody), Now).VerifyWith(Verifier(Secret));
        var response = Expect.Challenge(result);
        Assert.Equal(200, response.StatusCode);
        Assert.Equal("application/json", response.ContentType);
        using var answer = JsonDocument.Parse(response.Body);
        Assert.Equal("qgg8vlvZRS6UYooatFL8Aw", answer.RootElement.GetProperty("plainToken").GetString());
        Assert.Equal(Sign.Sha256Hex(Secret, "qgg8vlvZRS6UYooatFL8Aw"), answer.RootElement.GetProperty("encryptedToken").GetString());
        Assert.Equal(2, answer.RootElement.EnumerateObject().Count());
    }

    [Fact]
    public void Url_validation_is_answered_with_the_secret_that_verified_it()
    {
        var result = Signed(PreviousSecret, Encoding.UTF8.GetBytes(ValidationBody), Now).VerifyWith(Verifier(Secret, PreviousSecret));
        using var answer = JsonDocument.Parse(Expect.Challenge(result).Body);
        Assert.Equal(Sign.Sha256Hex(PreviousSecret, "qgg8vlvZRS6UYooatFL8Aw"), answer.RootElement.GetProperty("encryptedToken").GetString());
        Assert.Equal(1, result.SecretIndex);
    }

    [Fact]
    public void Plain_token_with_json_characters_is_echoed_as_a_json_string()
    {
        var body = Encoding.UTF8.GetBytes("""{"event":"endpoint.url_validation","payload":{"plainToken":"a\"b\\c</script>"}}""");
        using var answer = JsonDocument.Parse(Expect.Challenge(Signed(Secret, body, Now).VerifyWith(Verifier(Secret))).Body);
        Assert.Equal("a\"b\\c</script>", answer.RootElement.GetProperty("plainToken").GetString());
        Assert.Equal(Sign.Sha256Hex(Secret, "a\"b\\c</script>"), answer.RootElement.GetProperty("encryptedToken").GetString());
    }

    [Fact]
    public void Unsigned_or_wrongly_signed_url_validation_is_not_answered()
    {
        Expect.Failed(FailureCode.MissingSignature, Request.Post(ValidationBody).Header("x-zm-request-timestamp", "1700000000").VerifyWith(Verifier(Secret)));
        Expect.Failed(FailureCode.InvalidSignature, Signed(WrongSecret, Encoding.UTF8.GetBytes(ValidationBody), Now).VerifyWith(Verifier(Secret)));
        Expect.Failed(FailureCode.TimestampOutOfWindow, Signed(Secret, Encoding.UTF8.GetBytes(ValidationBody), Now - TimeSpan.FromHours(1)).VerifyWith(Verifier(Secret)));
    }

    [Theory]
    [InlineData("""{"event":"endpoint.url_validation"}""")]
    [InlineData("""{"event":"endpoint.url_validation","payload":{"plainToken":""}}""")]
    [InlineData("""{"event":"endpoint.url_validation","payload":{"plainToken":42}}""")]
    [InlineData("""{"event":"endpoint.url_validation","payload":"plainToken"}""")]
    public void Signed_url_validation_without_a_token_is_neither_answered_nor_forwarded(string body)
    {
        Expect.Failed(FailureCode.MalformedSignature, Signed(Secret, Encoding.UTF8.GetBytes(body), Now).VerifyWith(Verifier(Secret)));
    }

    [Fact]
    public void Events_are_forwarded_without_a_delivery_id()
    {
        var body = Encoding.UTF8.GetBytes("""{"event":"meeting.started","payload":{"account_id":"a","object":{"id":"1"}},"event_ts":1635885799302}""");
        Assert.Null(Expect.Verified(Signed(Secret, body, Now).VerifyWith(Verifier(Secret))).DeliveryId);
    }
}
