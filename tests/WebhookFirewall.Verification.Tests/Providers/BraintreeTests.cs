using System.Security.Cryptography;
using System.Text;
using WebhookFirewall.Verification;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>
/// Braintree signs a form field, not a header, so the header contracts do not fit; the same cases are spelled out
/// here. Published vector: braintree/braintree_node at 7a9270aaf31eb87819add64a768652243f90007c,
/// test/unit/braintree/webhook_notification_gateway_spec.js (the bt_challenge answer, keys of test/spec_helper.js). The
/// notification vector was made by that SDK's webhookTesting.sampleNotification (lib/braintree/webhook_testing_gateway.js)
/// with the clock at 1700000000; the other requests are signed as lib/braintree/digest.js signs: hex HMAC-SHA1 keyed
/// with the SHA-1 of the private key.
/// </summary>
public sealed class BraintreeTests : IProviderOracle
{
    private const string PublicKey = "integration_public_key";
    private const string PrivateKey = "integration_private_key";
    private static readonly DateTimeOffset Now = Request.DefaultNow;

    // sampleNotification(Kind.SubscriptionWentPastDue, "subscription_id"), posted as URLSearchParams encodes it.
    private const string SdkForm = "bt_signature=integration_public_key%7C801c699932466676c4b7e8a7d1e0415d2c0a5341&bt_payload=PG5vdGlmaWNhdGlvbj4KICAgIDx0aW1lc3RhbXAgdHlwZT0iZGF0ZXRpbWUiPjIwMjMtMTEtMTRUMjI6MTM6MjBaPC90aW1lc3RhbXA%2BCiAgICA8a2luZD5zdWJzY3JpcHRpb25fd2VudF9wYXN0X2R1ZTwva2luZD4KICAgIAogICAgPHN1YmplY3Q%2BPHN1YnNjcmlwdGlvbj4KICAgIDxpZD5zdWJzY3JpcHRpb25faWQ8L2lkPgogICAgPHRyYW5zYWN0aW9ucyB0eXBlPSJhcnJheSI%2BPC90cmFuc2FjdGlvbnM%2BCiAgICA8YWRkX29ucyB0eXBlPSJhcnJheSI%2BPC9hZGRfb25zPgogICAgPGRpc2NvdW50cyB0eXBlPSJhcnJheSI%2BPC9kaXNjb3VudHM%2BCjwvc3Vic2NyaXB0aW9uPjwvc3ViamVjdD4KPC9ub3RpZmljYXRpb24%2B%0A";

    string IProviderOracle.Provider => "braintree";

    ProviderSettings IProviderOracle.SettingsFor(string secret) => Settings((PublicKey, secret));

    /// <summary>A notification whose XML carries <paramref name="body"/> (base64), signed with <paramref name="secret"/> as private key.</summary>
    Request IProviderOracle.Sign(string secret, byte[] body, DateTimeOffset signedAt) =>
        Delivery(Payload("<notification><body>" + Convert.ToBase64String(body) + "</body></notification>"), PublicKey, secret);

    /// <summary>A changed payload character, a changed signature digit, or another public key.</summary>
    void IProviderOracle.Mutate(Request request, Random random)
    {
        var form = Encoding.ASCII.GetString(request.Body);
        var signature = form.IndexOf("%7C", StringComparison.Ordinal) + 3;
        form = random.Next(3) switch
        {
            0 => form.Replace("bt_payload=PG", "bt_payload=PH", StringComparison.Ordinal),
            1 => form[..signature] + (form[signature] == '0' ? '1' : '0') + form[(signature + 1)..],
            _ => form.Replace("bt_signature=integration", "bt_signature=production", StringComparison.Ordinal),
        };
        request.WithBody(form);
    }

    /// <summary>The bt_challenge GET is answered by design: a MAC only of a challenge in the SDK's shape.</summary>
    bool IProviderOracle.IsUnsignedEcho(Request request, VerificationResult result)
    {
        if (result.Outcome != VerificationOutcome.Challenge)
        {
            return false;
        }

        var challenge = Primitives.QueryParameters.Get(request.QueryString, "bt_challenge").Value;
        Assert.True(request.Method == "GET" && challenge is { Length: >= 20 and <= 32 } && challenge.All(c => char.IsAsciiHexDigitLower(c) || char.IsAsciiDigit(c)), $"braintree answered {request.Method} {request.QueryString}");
        return true;
    }

    /// <summary>The legacy bt_challenge GET, unsigned: anyone can send it, with any challenge.</summary>
    IEnumerable<Request> IProviderOracle.HandshakesCarrying(string secret, string chosen) => [Request.Get("?bt_challenge=" + SenderText.Query(chosen))];

    private static ProviderSettings Settings(params (string PublicKey, string PrivateKey)[] pairs) =>
        new() { KeyedSecrets = [.. pairs.Select(p => new KeyedSecret(p.PublicKey, p.PrivateKey))] };

    private static IWebhookVerifier Verifier(params (string PublicKey, string PrivateKey)[] pairs) =>
        Verifiers.Create("braintree", Settings(pairs.Length == 0 ? [(PublicKey, PrivateKey)] : pairs));

    /// <summary>As sampleNotification makes a payload: base64 of the XML, then a line feed.</summary>
    private static string Payload(string xml) => Convert.ToBase64String(Encoding.UTF8.GetBytes(xml)) + "\n";

    /// <summary>digest.js: hex HMAC-SHA1 with key SHA-1(private key).</summary>
#pragma warning disable CA5350 // Braintree's scheme
    private static string Digest(string privateKey, string data) =>
        Convert.ToHexStringLower(HMACSHA1.HashData(SHA1.HashData(Encoding.UTF8.GetBytes(privateKey)), Encoding.UTF8.GetBytes(data)));
#pragma warning restore CA5350

    private static Request Delivery(string payload, string publicKey, string privateKey, string? signature = null) =>
        Form(signature ?? $"{publicKey}|{Digest(privateKey, payload)}", payload);

    private static Request Form(string signature, string payload, string extra = "") =>
        Request.Post($"bt_signature={Uri.EscapeDataString(signature)}&bt_payload={Uri.EscapeDataString(payload)}{extra}")
            .Header("Content-Type", "application/x-www-form-urlencoded");

    [Fact]
    public void Sdk_sample_notification_verifies_with_the_payload_digest_as_delivery_id()
    {
        var verifier = Verifier();
        var result = Expect.Verified(Request.Post(SdkForm).VerifyWith(verifier));
        Assert.StartsWith("sha256:", result.DeliveryId, StringComparison.Ordinal);
        Assert.Equal(IdempotencyKeyKind.DeliveryId, verifier.DefaultKeyKind);
        Expect.Failed(FailureCode.InvalidSignature, Request.Post(SdkForm).VerifyWith(Verifier((PublicKey, "another_private_key"))));
    }

    /// <summary>The SDK accepts the signature of the payload with or without its final line feed: one delivery either way.</summary>
    [Fact]
    public void Payload_with_or_without_its_final_line_feed_is_the_same_delivery()
    {
        var payload = Payload("<notification><kind>check</kind></notification>");
        var signature = $"{PublicKey}|{Digest(PrivateKey, payload)}";
        var withNewline = Expect.Verified(Form(signature, payload).VerifyWith(Verifier()));
        var without = Expect.Verified(Form(signature, payload.TrimEnd('\n')).VerifyWith(Verifier()));
        Assert.Equal(withNewline.DeliveryId, without.DeliveryId);
    }

    [Fact]
    public void The_pair_of_a_configured_public_key_is_used_and_a_rotated_pair_matches_as_index_1()
    {
        var payload = Payload("<notification/>");
        var signature = $"other_public_key|{new string('0', 40)}&{PublicKey}|{Digest(PrivateKey, payload)}";
        Expect.Verified(Form(signature, payload).VerifyWith(Verifier()));
        Expect.Verified(Delivery(payload, "old_public_key", "old_private_key").VerifyWith(Verifier((PublicKey, PrivateKey), ("old_public_key", "old_private_key"))), secretIndex: 1);
        Expect.Failed(FailureCode.InvalidSignature, Delivery(payload, "unknown_public_key", PrivateKey).VerifyWith(Verifier()));
        Expect.Failed(FailureCode.InvalidSignature, Delivery(payload, PublicKey, "wrong_private_key").VerifyWith(Verifier()));
    }

    [Fact]
    public void Only_the_payload_is_covered_so_other_fields_do_not_change_the_delivery()
    {
        var payload = Payload("<notification/>");
        var signature = $"{PublicKey}|{Digest(PrivateKey, payload)}";
        var plain = Expect.Verified(Form(signature, payload).VerifyWith(Verifier()));
        var extra = Expect.Verified(Form(signature, payload, "&unsigned=1").VerifyWith(Verifier()));
        Assert.Equal(plain.DeliveryId, extra.DeliveryId);
        Expect.Failed(FailureCode.InvalidSignature, Form(signature, Payload("<notification></notification>")).VerifyWith(Verifier()));
    }

    [Fact]
    public void Missing_signature_field_is_missing_signature()
    {
        Expect.Failed(FailureCode.MissingSignature, Request.Post("bt_payload=" + Uri.EscapeDataString(Payload("<notification/>"))).VerifyWith(Verifier()));
        Expect.Failed(FailureCode.MissingSignature, Request.Post(DefaultJson).VerifyWith(Verifier()));
    }

    private const string DefaultJson = """{"id":"evt_1"}""";

    public static TheoryData<string> MalformedForms()
    {
        var payload = Payload("<notification/>");
        var signature = $"{PublicKey}|{Digest(PrivateKey, payload)}";
        var encodedSignature = Uri.EscapeDataString(signature);
        var encodedPayload = Uri.EscapeDataString(payload);
        return new TheoryData<string>
        {
            $"bt_signature={encodedSignature}&bt_signature={encodedSignature}&bt_payload={encodedPayload}",     // signature twice
            $"bt_signature={encodedSignature}",                                                               // no payload
            $"bt_signature={encodedSignature}&bt_payload={encodedPayload}&bt_payload={encodedPayload}",         // payload twice
            $"bt_signature={encodedSignature}&bt_payload=" + Uri.EscapeDataString(payload + "!"),               // outside the SDK's characters
            $"bt_signature={encodedSignature}&bt_payload=" + Uri.EscapeDataString(Convert.ToBase64String("{\"json\":1}"u8.ToArray())), // not XML
            $"bt_signature=no-pair-here&bt_payload={encodedPayload}",
            $"bt_signature={Uri.EscapeDataString(PublicKey + "|zz")}&bt_payload={encodedPayload}",
            $"bt_signature={Uri.EscapeDataString(string.Join('&', Enumerable.Repeat(signature, 17)))}&bt_payload={encodedPayload}",
            $"bt_signature={encodedSignature}&bt_payload={encodedPayload}&x=%FF",                               // not text
        };
    }

    [Theory]
    [MemberData(nameof(MalformedForms))]
    public void Forms_not_in_Braintree_s_shape_are_malformed(string form)
    {
        Expect.Failed(FailureCode.MalformedSignature, Request.Post(form).VerifyWith(Verifier()));
    }

    // webhook_notification_gateway_spec.js, "returns a correct challenge response".
    [Fact]
    public void Published_challenge_vector_is_answered()
    {
        var response = Expect.Challenge(Request.Get("?bt_challenge=20f9f8ed05f77439fe955c977e4c8a53").VerifyWith(Verifier()));
        Assert.Equal(200, response.StatusCode);
        Assert.StartsWith("text/plain", response.ContentType, StringComparison.Ordinal);
        Assert.Equal("integration_public_key|d9b899556c966b3f06945ec21311865d35df3ce4", response.Body);
        Assert.Contains(new KeyValuePair<string, string>("X-Content-Type-Options", "nosniff"), response.Headers);
    }

    [Theory]
    [InlineData("?bt_challenge=20F9F8ED05F77439FE955C977E4C8A53")]     // upper-case hex
    [InlineData("?bt_challenge=20f9f8ed05f77439fe9")]                  // 19 digits
    [InlineData("?bt_challenge=20f9f8ed05f77439fe955c977e4c8a5300")]   // 34 digits
    [InlineData("?bt_challenge=PG5vdGlmaWNhdGlvbj4K")]                 // base64 of an XML payload
    [InlineData("?bt_challenge=20f9f8ed05f77439fe95&bt_challenge=20f9f8ed05f77439fe95")]
    [InlineData("?bt_challenge=")]
    public void Challenge_outside_the_sdk_shape_is_refused(string query)
    {
        Expect.Failed(FailureCode.MalformedSignature, Request.Get(query).VerifyWith(Verifier()));
    }

    /// <summary>
    /// The answer is a MAC of the challenge under the delivery key: it must never verify as a delivery. A challenge is
    /// hex, and a payload must be the base64 of XML, so posting the challenge as payload with the answer as signature
    /// fails — for any challenge the handshake accepts.
    /// </summary>
    [Fact]
    public void No_challenge_answer_is_a_valid_signature_of_a_delivery()
    {
        var random = new Random(19);
        for (var i = 0; i < 200; i++)
        {
            var challenge = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))[..random.Next(20, 33)];
            var answer = Expect.Challenge(Request.Get("?bt_challenge=" + challenge).VerifyWith(Verifier())).Body;
            foreach (var payload in (string[])[challenge, challenge + "\n"])
            {
                var result = Form(answer, payload).VerifyWith(Verifier());
                Assert.False(result.IsVerified, $"challenge {challenge} answered with a valid delivery signature");
            }
        }
    }

    [Fact]
    public void Post_with_a_challenge_and_get_without_one_need_a_signature()
    {
        Expect.Failed(FailureCode.MissingSignature, Request.Get().VerifyWith(Verifier()));
        Expect.Failed(FailureCode.MissingSignature, Request.Post(DefaultJson).WithQuery("?bt_challenge=20f9f8ed05f77439fe955c977e4c8a53").VerifyWith(Verifier()));
    }

    [Fact]
    public void Keyed_secrets_are_required_and_ascii()
    {
        Assert.Contains(Verifiers.Problems("braintree", new ProviderSettings()), p => p.Key == "KeyedSecrets");
        Assert.Contains(Verifiers.Problems("braintree", new ProviderSettings { Secrets = [PrivateKey] }), p => p.Key == "Secrets");
        Assert.Contains(Verifiers.Problems("braintree", Settings((PublicKey, "clé_privée"))), p => p.Key == "KeyedSecrets:0");
    }
}
