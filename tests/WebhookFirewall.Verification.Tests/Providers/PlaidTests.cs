using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using WebhookFirewall.Verification;
using WebhookFirewall.Verification.Primitives;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>
/// Plaid. The vector is a token really signed by Plaid, with the key Plaid's key API gave for it and the webhook
/// body it hashes, published by a Plaid user in Stack Overflow question 62117400 ("Hashing Plaid Request Body
/// Webhook"; not an official Plaid source — Plaid publishes no vector). The scheme is the one in Plaid's docs
/// (plaid.com/docs/api/webhooks/webhook-verification: alg must be ES256, the JWK from /webhook_verification_key/get
/// by kid, iat at most five minutes old, request_body_sha256 over the body as sent) and the key API's schema
/// (plaid/plaid-openapi@26f1a0588c12e765e99c815300d94eae0a3c7dc1 2020-09-14.yml: servers, WebhookVerificationKeyGet,
/// JWKPublicKey with expired_at). Other tokens are made here with .NET's ECDSA, and the key API is played by the
/// tests' key server on a loopback KeyEndpoint.
/// </summary>
public sealed class PlaidTests : TimestampSigningProviderContract
{
    private const string ClientId = "5e8b1c4e2b9f4a0013d6e0a1";
    private const string KeyId = "oracle-key";
    private const string PreviousKeyId = "previous-key";

    private const string VectorToken = "eyJhbGciOiJFUzI1NiIsImtpZCI6IjZjNTUxNmUxLTkyZGMtNDc5ZS1hOGZmLTVhNTE5OTJlMDAwMSIsInR5cCI6IkpXVCJ9.eyJpYXQiOjE1OTA4ODcwMDEsInJlcXVlc3RfYm9keV9zaGEyNTYiOiJiNjNhMDdiNTQ3YjAwZjk5MjU0N2Y2YmJjOGQ5YWNjNjFhOGNjZWUxMzhiYzgyZjQ0YTZiYWEwOTY4M2E1ZDBmIn0.OOKvIihgqCj7Qrb2bmz7T3t7uK-0JyjiEqL2s1kWeJBM4MMmjaHKK8GmU_z91QolBWMzvPgs718EElY-rE3cwQ";
    private const string VectorKeyAnswer = """{"key":{"alg":"ES256","created_at":1560466143,"crv":"P-256","expired_at":null,"kid":"6c5516e1-92dc-479e-a8ff-5a51992e0001","kty":"EC","use":"sig","x":"35lvC8uz2QrWpQJ3TUH8t9o9DURMp7ydU518RKDl20k","y":"I8BuXB2bvxelzJAd7OKhd-ZwjCst05Fx47Mb_0ugros"},"request_id":"HvfCtrDLG1ihcp7"}""";

    /// <summary>The body as Plaid sent it: two-space indented, LF, no final newline (its SHA-256 is the token's claim).</summary>
    private const string VectorBody = "{\n  \"error\": null,\n  \"item_id\": \"yxQbxDjnD8hr69pKbQpbcKeVn3GL9QuyA7NV3\",\n  \"new_transactions\": 390,\n  \"webhook_code\": \"HISTORICAL_UPDATE\",\n  \"webhook_type\": \"TRANSACTIONS\"\n}";

    private static readonly DateTimeOffset VectorIssuedAt = DateTimeOffset.FromUnixTimeSeconds(1590887001);

    protected override string Provider => "plaid";

    protected override string SignatureHeader => "Plaid-Verification";

    protected override IEnumerable<string> MalformedSignatures =>
    [
        "",
        "not-a-jwt",
        "a.b",
        Jws.Unsigned("""{"alg":"none","kid":"oracle-key"}""", Claims(Now, DefaultBody)),
        Jws.Hs256("""{"alg":"HS256","kid":"oracle-key","typ":"JWT"}""", Claims(Now, DefaultBody), Encoding.UTF8.GetBytes("the key's x coordinate")),
        Token(Secret, Claims(Now, DefaultBody), header: """{"alg":"ES256","typ":"JWT"}"""),
        Token(Secret, Claims(Now, DefaultBody), header: """{"alg":"ES384","kid":"oracle-key","typ":"JWT"}"""),
        new string('a', 9000),
    ];

    /// <summary>
    /// Each "secret" is the API secret of a Plaid client whose key API (a loopback KeyEndpoint of its own) answers
    /// the named signing key; both of its keys are fetched once, as a running firewall's first webhooks would.
    /// </summary>
    protected override ProviderSettings Settings(params string[] secrets)
    {
        var endpoint = KeyApi(secrets[0]);
        var settings = new ProviderSettings { ClientId = ClientId, Secrets = [secrets[0]], KeyEndpoint = endpoint };
        TestEnvironment.Warm(Provider, settings, Signed(secrets[0], DefaultBody, Now));
        return TestEnvironment.Warm(Provider, settings, Request.Post(DefaultBody).Header(SignatureHeader, Token(secrets[0], Claims(Now, DefaultBody), PreviousKeyId)));
    }

    protected override Request Signed(string secret, byte[] body, DateTimeOffset signedAt) =>
        Request.Post(body).Header(SignatureHeader, Token(secret, Claims(signedAt, body)));

    protected override Request WithoutTimestamp(Request valid) =>
        valid.ReplaceHeader(SignatureHeader, Token(Secret, $$"""{"request_body_sha256":"{{Convert.ToHexStringLower(SHA256.HashData(valid.Body))}}"}"""));

    /// <summary>The body (which the token's hash covers) or the token itself.</summary>
    protected override void Mutate(Request request, Random random)
    {
        if (random.Next(2) == 0)
        {
            base.Mutate(request, random);
        }
        else
        {
            request.ReplaceHeader(SignatureHeader, Oracles.Change(request.Headers.Get(SignatureHeader).Value!, random));
        }
    }

    /// <summary>Plaid rotates by key id: a token under the client's other key verifies too.</summary>
    [Fact]
    public override void Rotated_previous_secret_matches_as_secret_index_1()
    {
        var request = Request.Post(DefaultBody).Header(SignatureHeader, Token(Secret, Claims(Now, DefaultBody), PreviousKeyId));
        Expect.Verified(request.VerifyWith(Verifier(Secret)), secretIndex: 0);
    }

    [Fact]
    public async Task Plaid_signed_token_verifies_with_the_key_plaid_answered()
    {
        var (server, verifier) = VectorVerifier();
        var request = Request.Post(VectorBody).Header(SignatureHeader, VectorToken).At(VectorIssuedAt.AddMinutes(1));

        var result = Expect.Verified(await request.VerifyAsyncWith(verifier));
        Assert.Equal(VectorIssuedAt, result.Timestamp);
        Assert.Null(result.DeliveryId);
        var fetch = Assert.Single(server.Received);
        Assert.Equal("POST", fetch.Method);
        using var asked = JsonDocument.Parse(fetch.Body!);
        Assert.Equal(ClientId, asked.RootElement.GetProperty("client_id").GetString());
        Assert.Equal("plaid-api-secret", asked.RootElement.GetProperty("secret").GetString());
        Assert.Equal("6c5516e1-92dc-479e-a8ff-5a51992e0001", asked.RootElement.GetProperty("key_id").GetString());

        // The same bytes only: Plaid's two-space indentation is part of what it hashed.
        var compact = JsonSerializer.Serialize(JsonDocument.Parse(VectorBody).RootElement);
        Expect.Failed(FailureCode.InvalidSignature, request.Clone().WithBody(compact).VerifyWith(verifier));
        Expect.Failed(FailureCode.InvalidSignature, request.Clone().WithBody(VectorBody + "\n").VerifyWith(verifier));

        // And the replay window: Plaid asks for at most five minutes.
        Expect.Failed(FailureCode.TimestampOutOfWindow, request.Clone().At(VectorIssuedAt.AddMinutes(6)).VerifyWith(verifier));
    }

    [Fact]
    public async Task Key_plaid_has_retired_verifies_nothing_after_its_expired_at()
    {
        var retiredAt = Now.AddSeconds(-1);
        var server = new KeyServer().Serve("http://127.0.0.1:9/retired", KeyAnswer(Secret, KeyId, retiredAt));
        var verifier = Create(new ProviderSettings { ClientId = ClientId, Secrets = ["s"], KeyEndpoint = "http://127.0.0.1:9/retired" }, server);
        var result = await Signed(Secret, DefaultBody, Now).VerifyAsyncWith(verifier);
        Expect.Failed(FailureCode.InvalidSignature, result);
        Assert.Contains("retired by Plaid", result.Reason, StringComparison.Ordinal);

        // Retirement announced for later: the key still verifies until then.
        var later = new KeyServer().Serve("http://127.0.0.1:9/later", KeyAnswer(Secret, KeyId, Now.AddDays(1)));
        Expect.Verified(await Signed(Secret, DefaultBody, Now).VerifyAsyncWith(Create(new ProviderSettings { ClientId = ClientId, Secrets = ["s"], KeyEndpoint = "http://127.0.0.1:9/later" }, later)));
    }

    [Fact]
    public async Task Key_api_refusal_or_a_wrong_key_answer_is_key_unavailable()
    {
        var refused = new KeyServer().Serve("http://127.0.0.1:9/refused", """{"error_code":"INVALID_API_KEYS"}""", HttpStatusCode.BadRequest);
        var result = await Signed(Secret, DefaultBody, Now).VerifyAsyncWith(Create(new ProviderSettings { ClientId = ClientId, Secrets = ["plaid-secret-7Qx"], KeyEndpoint = "http://127.0.0.1:9/refused" }, refused));
        Expect.Failed(FailureCode.KeyUnavailable, result);
        Assert.Contains("answered 400", result.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("plaid-secret-7Qx", result.Reason, StringComparison.Ordinal);

        // An answer for another key id, or another curve, is not this token's key.
        var other = new KeyServer().Serve("http://127.0.0.1:9/other", KeyAnswer(Secret, "another-key", null));
        Expect.Failed(FailureCode.KeyUnavailable, await Signed(Secret, DefaultBody, Now).VerifyAsyncWith(Create(new ProviderSettings { ClientId = ClientId, Secrets = ["s"], KeyEndpoint = "http://127.0.0.1:9/other" }, other)));
    }

    [Fact]
    public async Task Plaid_hosts_by_environment_over_https()
    {
        foreach (var (environment, url) in new[] { ((string?)null, "https://production.plaid.com/webhook_verification_key/get"), ("sandbox", "https://sandbox.plaid.com/webhook_verification_key/get") })
        {
            var server = new KeyServer().Serve(url, KeyAnswer(Secret, KeyId, null));
            Expect.Verified(await Signed(Secret, DefaultBody, Now).VerifyAsyncWith(Create(new ProviderSettings { ClientId = ClientId, Secrets = ["s"], Environment = environment }, server)));
            Assert.Equal([url], server.Received.Select(r => r.Url));
        }
    }

    [Fact]
    public void Settings_are_checked_at_config_time()
    {
        Assert.Contains(Verifiers.Problems(Provider, new ProviderSettings { Secrets = ["s"] }), p => p.Key == "ClientId");
        Assert.Contains(Verifiers.Problems(Provider, new ProviderSettings { ClientId = ClientId }), p => p.Key == "Secrets");
        Assert.Contains(Verifiers.Problems(Provider, new ProviderSettings { ClientId = ClientId, Secrets = ["a", "b"] }), p => p.Key == "Secrets:1");
        Assert.Contains(Verifiers.Problems(Provider, new ProviderSettings { ClientId = ClientId, Secrets = ["s"], Environment = "development" }), p => p.Key == "Environment");
        Assert.Contains(Verifiers.Problems(Provider, new ProviderSettings { ClientId = ClientId, Secrets = ["s"], KeyEndpoint = "https://production.plaid.com/webhook_verification_key/get" }), p => p.Key == "KeyEndpoint");
    }

    [Fact]
    public void Signed_timestamp_and_body_hash_key_deliveries_by_their_time()
    {
        var verifier = Verifier(Secret);
        Assert.True(verifier.SignsTimestamp);
        Assert.Equal(IdempotencyKeyKind.DeliveryId, verifier.DefaultKeyKind);
        Assert.Equal("none", verifier.DeliveryIdDescription);
    }

    [Fact]
    public async Task Sign_verb_makes_a_token_the_firewall_verifies()
    {
        var privateKey = KeyPairs.EcdsaPrivateKey("plaid sign verb");
        var problems = new List<SettingProblem>();
        var signer = ProviderCatalogue.CreateSigner(Provider, privateKey, new ProviderSettings(), problems);
        Assert.Empty(problems);
        var headers = new List<KeyValuePair<string, string>>();
        signer!.Sign(new SigningInput(DefaultBody, Now, "unused"), headers);
        var (name, value) = Assert.Single(headers);

        using var ecdsa = ECDsa.Create();
        ecdsa.ImportPkcs8PrivateKey(Convert.FromBase64String(privateKey), out _);
        var keyId = PrivateKeys.KeyId(ecdsa);
        var server = new KeyServer().Serve("http://127.0.0.1:9/sign", Answer(ecdsa, keyId, null));
        var verifier = Create(new ProviderSettings { ClientId = ClientId, Secrets = ["s"], KeyEndpoint = "http://127.0.0.1:9/sign" }, server);
        var request = Request.Post(DefaultBody).Header(name, value);
        Expect.Verified(await request.VerifyAsyncWith(verifier));
        Assert.Null(ProviderCatalogue.CreateSigner(Provider, KeyPairs.Ed25519Seed("not ecdsa"), new ProviderSettings(), problems));
    }

    private (KeyServer Server, IWebhookVerifier Verifier) VectorVerifier()
    {
        var server = new KeyServer().Serve("http://127.0.0.1:9/webhook_verification_key/get", VectorKeyAnswer);
        return (server, Create(new ProviderSettings { ClientId = ClientId, Secrets = ["plaid-api-secret"], KeyEndpoint = "http://127.0.0.1:9/webhook_verification_key/get" }, server));
    }

    private static IWebhookVerifier Create(ProviderSettings settings, KeyServer server)
    {
        var problems = new List<SettingProblem>();
        var verifier = ProviderCatalogue.Create("plaid", settings, problems, new ProviderEnvironment(server, TimeProvider.System, KeyFetchLimits.Default, offline: false));
        Assert.Empty(problems);
        return verifier!;
    }

    /// <summary>The named client's key API: its two keys by key id, anything else refused as Plaid refuses an unknown one.</summary>
    private static string KeyApi(string name)
    {
        var endpoint = TestEnvironment.Endpoint("plaid", name, "/webhook_verification_key/get");
        TestEnvironment.Keys.Serve(endpoint, async request =>
        {
            using var asked = JsonDocument.Parse(await request.Content!.ReadAsStringAsync());
            var keyId = asked.RootElement.GetProperty("key_id").GetString();
            return keyId is KeyId or PreviousKeyId
                ? KeyServer.Answer(HttpStatusCode.OK, KeyAnswer(keyId == KeyId ? name : name + " (previous)", keyId, null))
                : KeyServer.Answer(HttpStatusCode.BadRequest, """{"error_code":"INVALID_WEBHOOK_VERIFICATION_KEY_ID"}""");
        });
        return endpoint;
    }

    private static string KeyAnswer(string name, string keyId, DateTimeOffset? expiredAt)
    {
        using var ecdsa = ECDsa.Create();
        ecdsa.ImportPkcs8PrivateKey(Convert.FromBase64String(KeyPairs.EcdsaPrivateKey(name)), out _);
        return Answer(ecdsa, keyId, expiredAt);
    }

    /// <summary>An answer of /webhook_verification_key/get, as the OpenAPI schema gives it.</summary>
    private static string Answer(ECDsa key, string keyId, DateTimeOffset? expiredAt)
    {
        var point = key.ExportParameters(includePrivateParameters: false).Q;
        var expired = expiredAt is { } at ? at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) : "null";
        return $$"""{"key":{"alg":"ES256","created_at":1560466150,"crv":"P-256","expired_at":{{expired}},"kid":"{{keyId}}","kty":"EC","use":"sig","x":"{{Jws.Base64Url(point.X!)}}","y":"{{Jws.Base64Url(point.Y!)}}"},"request_id":"RZ6Omi1bzzwDaLo"}""";
    }

    private static string Claims(DateTimeOffset issuedAt, byte[] body) =>
        $$"""{"iat":{{issuedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}},"request_body_sha256":"{{Convert.ToHexStringLower(SHA256.HashData(body))}}"}""";

    /// <summary>Plaid's token: ES256 over the header and claims, the key named by <paramref name="name"/> (its previous key for that id).</summary>
    private static string Token(string name, string claims, string keyId = KeyId, string? header = null)
    {
        using var ecdsa = ECDsa.Create();
        ecdsa.ImportPkcs8PrivateKey(Convert.FromBase64String(KeyPairs.EcdsaPrivateKey(keyId == PreviousKeyId ? name + " (previous)" : name)), out _);
        return Jws.Es256(header ?? $$"""{"alg":"ES256","kid":"{{keyId}}","typ":"JWT"}""", claims, ecdsa);
    }
}
