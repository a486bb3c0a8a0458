using System.Globalization;
using System.Text;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>
/// Mailgun signs no header and not the body, only its `timestamp` + `token` fields (hex HMAC-SHA256 with the webhook
/// signing key), so the header-based contracts do not fit: the same cases are spelled out here for both body shapes,
/// JSON (`signature` object) and urlencoded form fields. Mailgun publishes no vector with its key; signed
/// independently with the BCL.
/// </summary>
public sealed class MailgunTests : IProviderOracle
{
    private const string Key = "key-current-signing-key";
    private const string PreviousKey = "key-previous-signing-key";
    private const string Token = "a8ce0edb2dd8301dee6c2405235584e45aa91d1e9f979f3de0";
    private static readonly DateTimeOffset Now = Request.DefaultNow;

    public enum Shape
    {
        Json,
        Form,
    }

    private static string Seconds(DateTimeOffset at) => at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    private static Request Delivery(Shape shape, string key, DateTimeOffset signedAt, string token = Token, string? signature = null)
    {
        var timestamp = Seconds(signedAt);
        signature ??= PresetSign.Mailgun(key, timestamp, token);
        return shape == Shape.Json
            ? Request.Post($$$"""{"signature":{"timestamp":"{{{timestamp}}}","token":"{{{token}}}","signature":"{{{signature}}}"},"event-data":{"event":"delivered","id":"CPgfbmQMTCKtHW6uIWtuVe"}}""")
            : Request.Post($"timestamp={timestamp}&token={token}&signature={signature}&event=delivered&recipient=alice%40example.com");
    }

    private static IWebhookVerifier Verifier(params string[] keys) => Verifiers.Create("mailgun", keys);

    string IProviderOracle.Provider => "mailgun";

    ProviderSettings IProviderOracle.SettingsFor(string secret) => new() { Secrets = [secret] };

    /// <summary>A JSON delivery whose event data is <paramref name="body"/>: Mailgun signs only its timestamp and token.</summary>
    Request IProviderOracle.Sign(string secret, byte[] body, DateTimeOffset signedAt)
    {
        var timestamp = Seconds(signedAt);
        var fields = $$$"""{"signature":{"timestamp":"{{{timestamp}}}","token":"{{{Token}}}","signature":"{{{PresetSign.Mailgun(secret, timestamp, Token)}}}"},"event-data":""";
        return Request.Post([.. Encoding.UTF8.GetBytes(fields), .. body.Length == 0 ? "null"u8.ToArray() : body, (byte)'}']);
    }

    /// <summary>A changed token or timestamp, or a flipped signature digit: the signed fields.</summary>
    void IProviderOracle.Mutate(Request request, Random random)
    {
        var delta = random.Next(1, 100) * (random.Next(2) == 0 ? 1 : -1);
        var text = Encoding.UTF8.GetString(request.Body);
        text = random.Next(3) switch
        {
            0 => System.Text.RegularExpressions.Regex.Replace(text, "\"token\":\"([^\"]*)\"", m => $"\"token\":\"{m.Groups[1].Value}{random.Next(10)}\""),
            1 => System.Text.RegularExpressions.Regex.Replace(text, "\"timestamp\":\"([0-9]+)\"", m => $"\"timestamp\":\"{long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) + delta}\""),
            _ => System.Text.RegularExpressions.Regex.Replace(text, "\"signature\":\"([0-9a-f])", m => $"\"signature\":\"{(m.Groups[1].Value == "0" ? '1' : '0')}"),
        };
        request.WithBody(text);
    }

    [Theory]
    [InlineData(Shape.Json)]
    [InlineData(Shape.Form)]
    public void Signed_fields_verify_with_the_token_as_delivery_id_and_the_timestamp_as_signed_at(Shape shape)
    {
        var result = Expect.Verified(Delivery(shape, Key, Now - TimeSpan.FromSeconds(42)).VerifyWith(Verifier(Key)));
        Assert.Equal(Token, result.DeliveryId);
        Assert.Equal(Now - TimeSpan.FromSeconds(42), result.Timestamp);
    }

    [Theory]
    [InlineData(Shape.Json)]
    [InlineData(Shape.Form)]
    public void Another_key_is_invalid_and_the_rotated_previous_key_is_index_1(Shape shape)
    {
        Expect.Failed(FailureCode.InvalidSignature, Delivery(shape, "key-not-ours", Now).VerifyWith(Verifier(Key)));
        Expect.Verified(Delivery(shape, PreviousKey, Now).VerifyWith(Verifier(Key, PreviousKey)), secretIndex: 1);
    }

    [Theory]
    [InlineData(Shape.Json)]
    [InlineData(Shape.Form)]
    public void Replay_window_holds_both_ways_and_only_after_the_signature(Shape shape)
    {
        var window = TimeSpan.FromMinutes(5);
        Expect.Verified(Delivery(shape, Key, Now - window).VerifyWith(Verifier(Key)));
        Expect.Verified(Delivery(shape, Key, Now + window).VerifyWith(Verifier(Key)));
        Expect.Failed(FailureCode.TimestampOutOfWindow, Delivery(shape, Key, Now - window - TimeSpan.FromSeconds(1)).VerifyWith(Verifier(Key)));
        Expect.Failed(FailureCode.TimestampOutOfWindow, Delivery(shape, Key, Now + window + TimeSpan.FromSeconds(1)).VerifyWith(Verifier(Key)));
        Expect.Failed(FailureCode.InvalidSignature, Delivery(shape, "key-not-ours", Now - TimeSpan.FromDays(1)).VerifyWith(Verifier(Key)));
    }

    [Fact]
    public void Changed_timestamp_or_token_is_invalid_signature()
    {
        var signature = PresetSign.Mailgun(Key, Seconds(Now), Token);
        Expect.Failed(FailureCode.InvalidSignature, Delivery(Shape.Json, Key, Now - TimeSpan.FromSeconds(1), signature: signature).VerifyWith(Verifier(Key)));
        Expect.Failed(FailureCode.InvalidSignature, Delivery(Shape.Form, Key, Now, token: Token + "0", signature: signature).VerifyWith(Verifier(Key)));
    }

    // What Mailgun signs is the two fields, not the body: the event data can change under a valid signature. The
    // token, unique per delivery and used as its idempotency key, is what keeps such a replay from getting through twice.
    [Fact]
    public void The_body_around_the_signed_fields_is_not_covered()
    {
        var timestamp = Seconds(Now);
        var request = Request.Post($$$"""{"signature":{"timestamp":"{{{timestamp}}}","token":"{{{Token}}}","signature":"{{{PresetSign.Mailgun(Key, timestamp, Token)}}}"},"event-data":{"event":"failed"}}""");
        Assert.Equal(Token, Expect.Verified(request.VerifyWith(Verifier(Key))).DeliveryId);
    }

    [Theory]
    [InlineData("""{"event-data":{"event":"delivered"}}""")]
    [InlineData("""{"signature":{"timestamp":"1700000000","token":"t"}}""")]
    [InlineData("event=delivered&timestamp=1700000000&token=t")]
    [InlineData("")]
    [InlineData("not json, not a form either")]
    [InlineData("{ not json")]
    public void Body_without_a_signature_field_is_missing_signature(string body)
    {
        Expect.Failed(FailureCode.MissingSignature, Request.Post(body).VerifyWith(Verifier(Key)));
    }

    public static TheoryData<string> MalformedBodies()
    {
        var ts = Seconds(Now);
        var sig = PresetSign.Mailgun(Key, ts, Token);
        return new TheoryData<string>
        {
            $$$"""{"signature":{"timestamp":"{{{ts}}}","signature":"{{{sig}}}"}}""",                                   // no token
            $$$"""{"signature":{"token":"{{{Token}}}","signature":"{{{sig}}}"}}""",                                    // no timestamp
            $$$"""{"signature":{"timestamp":"{{{ts}}}","token":"{{{Token}}}","signature":"{{{sig[..^2]}}}"}}""",          // short
            $$$"""{"signature":{"timestamp":"{{{ts}}}","token":"{{{Token}}}","signature":"{{{sig}}}","token":"other"}}""", // token twice
            $$$"""{"signature":{"timestamp":"{{{ts}}}","token":"{{{Token}}}","signature":"{{{sig}}}"},"signature":{}}""",  // object twice
            $$$"""{"signature":"{{{sig}}}","timestamp":"{{{ts}}}","token":"{{{Token}}}"}""",                             // not an object
            $$$"""{"signature":{"timestamp":"{{{ts}}}.5","token":"{{{Token}}}","signature":"{{{sig}}}"}}""",
            $"timestamp={ts}&token={Token}&signature={sig}&signature={sig}",                                       // field twice
            $"timestamp={ts}&timestamp={ts}&token={Token}&signature={sig}",
            $"token={Token}&signature={sig}",
            $"timestamp={ts}&signature={sig}",
            $"timestamp={ts}&token={Token}&signature=zz{sig[2..]}",
            $"timestamp=&token={Token}&signature={sig}",
        };
    }

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public void Fields_not_in_Mailgun_s_shape_are_malformed(string body)
    {
        Expect.Failed(FailureCode.MalformedSignature, Request.Post(body).VerifyWith(Verifier(Key)));
    }

    [Fact]
    public void Numeric_json_timestamp_is_accepted_as_Mailgun_s_legacy_payloads_send_it()
    {
        var ts = Seconds(Now);
        var request = Request.Post($$$"""{"signature":{"timestamp":{{{ts}}},"token":"{{{Token}}}","signature":"{{{PresetSign.Mailgun(Key, ts, Token)}}}"}}""");
        Expect.Verified(request.VerifyWith(Verifier(Key)));
    }

    [Fact]
    public void Form_values_are_percent_decoded_before_they_are_signed()
    {
        const string token = "tok en+/";
        var ts = Seconds(Now);
        var signature = PresetSign.Mailgun(Key, ts, token);
        var request = Request.Post($"timestamp={ts}&token={Uri.EscapeDataString(token)}&signature={signature}");
        Assert.Equal(token, Expect.Verified(request.VerifyWith(Verifier(Key))).DeliveryId);
    }

    [Fact]
    public void KeyHeader_overrides_the_token_as_delivery_id()
    {
        var verifier = Verifiers.Create("mailgun", new ProviderSettings { Secrets = [Key], KeyHeader = "X-Idempotency-Key" });
        Assert.Equal("ours", Expect.Verified(Delivery(Shape.Json, Key, Now).Header("X-Idempotency-Key", "ours").VerifyWith(verifier)).DeliveryId);
    }

    [Fact]
    public void Signing_adds_no_header_because_the_signature_lives_in_the_body()
    {
        var signer = Verifier(Key).Signer!;
        var headers = new List<KeyValuePair<string, string>>();
        signer.Sign(new SigningInput(Encoding.UTF8.GetBytes("{}"), Now, "id"), headers);
        Assert.Empty(headers);
    }
}
