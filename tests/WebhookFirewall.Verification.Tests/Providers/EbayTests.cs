using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using WebhookFirewall.Verification;
using WebhookFirewall.Verification.Primitives;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>
/// eBay. Published vector: a notification really signed by eBay, its signature header, the key eBay's API answered
/// for its kid, and the same message with other content or another signature, from
/// eBay/event-notification-nodejs-sdk@feaf3378ca263a81432cf5b8c8a6fd8cb3d3e2f3 test/test.json (VALID, INVALID,
/// SIGNATURE_MISMATCH). The SDK verifies over `JSON.stringify(message)` of the parsed body (lib/validator.js,
/// validateSignature, with 'ssl3-sha1'); other requests are signed here that way with .NET's ECDSA (SHA-1, DER), and
/// eBay's token and key APIs (the paths of lib/constants.js and eBay/ebay-oauth-nodejs-client@28215678741221a3238de984d2cde524c70da904
/// src/constants.js) are played by the tests' key server on a loopback KeyEndpoint.
/// </summary>
public sealed class EbayTests : ProviderContract
{
    private const string ClientId = "FirewallTe-orders-PRD-1a2b3c4d5-6e7f8a9b";
    private const string VerifyToken = "verification-token-of-forty-characters-01";
    private const string PublicUrl = "https://hooks.example.com/ebay/account-deletion";
    private const string KeyId = "oracle-key";
    private const string PreviousKeyId = "previous-key";

    /// <summary>test/test.json VALID.message, compact: `JSON.stringify` of it is what eBay signed.</summary>
    private const string VectorBody = """{"metadata":{"topic":"MARKETPLACE_ACCOUNT_DELETION","schemaVersion":"1.0","deprecated":false},"notification":{"notificationId":"49feeaeb-4982-42d9-a377-9645b8479411_33f7e043-fed8-442b-9d44-791923bd9a6d","eventDate":"2021-03-19T20:43:59.462Z","publishDate":"2021-03-19T20:43:59.679Z","publishAttemptCount":1,"data":{"username":"test_user","userId":"ma8vp1jySJC","eiasToken":"nY+sHZ2PrBmdj6wVnY+sEZ2PrA2dj6wJnY+gAZGEpwmdj6x9nY+seQ=="}}}""";

    /// <summary>test/test.json VALID.signature.</summary>
    private const string VectorSignature = "eyJhbGciOiJlY2RzYSIsImtpZCI6Ijk5MzYyNjFhLTdkN2ItNDYyMS1hMGYxLTk2Y2NiNDI4YWY0OSIsInNpZ25hdHVyZSI6Ik1FWUNJUUNmeGZJV3V4bVdjSUJRSjljNS9YN2lHREpxczJSQ0dzQkVhQWppbnlycmZBSWhBSVY2d0djVGlCdVY1S0pVaWYyaG9reXJMK1E5c3NIa2FkK214Mm5FRTI1dyIsImRpZ2VzdCI6IlNIQTEifQ==";

    /// <summary>test/test.json VALID.response, the public_key answer for kid 9936261a-7d7b-4621-a0f1-96ccb428af49.</summary>
    private const string VectorKeyAnswer = """{"key":"-----BEGIN PUBLIC KEY-----MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEZhhxXKtR+TOvtDbgTPCkSof02qgBB7IsYOyf76ilExJ/upAa/vKIKheOoCyOpcLmi4t0b4uepb7LLjmMr90FUg==-----END PUBLIC KEY-----","algorithm":"ECDSA","digest":"SHA1"}""";

    /// <summary>test/test.json INVALID.message: other content under VALID's signature.</summary>
    private const string VectorInvalidBody = """{"metadata":{"topic":"MARKETPLACE_ACCOUNT_DELETION","schemaVersion":null,"deprecated":false},"notification":{"notificationId":"a8056b59-5d45-43af-b235-d8707e9cd8f8_27d7b146-b03f-4b8a-846e-9aa1f750a969","eventDate":"2021-03-11T19:13:43.982Z","publishDate":"2021-03-11T19:13:44.209Z","publishAttemptCount":1000,"data":{"username":"test_user","userId":"ma8vp1jySJC","eiasToken":"nY+sHZ2PrBmdj6wVnY+sEZ2PrA2dj6wJnY+gAZGEpwmdj6x9nY+seQ=="}}}""";

    /// <summary>test/test.json SIGNATURE_MISMATCH.signature: another signature over VALID's message.</summary>
    private const string VectorMismatchSignature = "eyJhbGciOiJlY2RzYSIsImtpZCI6Ijk5MzYyNjFhLTdkN2ItNDYyMS1hMGYxLTk2Y2NiNDI4YWY0OSIsInNpZ25hdHVyZSI6Ik1FVUNJUUNHY1NubUFrVGZyK1paMlZnMGJXRW9zOGEvdGVCcWk3UGU2OCtoR21MTUNRSWdlRnZrcnRvKzhkczhSVndJM0dnbjFtTUdDck5NRVpKM1NSbE8yZngveHFJPSIsImRpZ2VzdCI6IlNIQTEifQ==";

    protected override string Provider => "ebay";

    protected override string SignatureHeader => "X-EBAY-SIGNATURE";

    protected override IEnumerable<string> MalformedSignatures =>
    [
        "",
        "not base64!",
        Convert.ToBase64String("not json"u8.ToArray()),
        Header("""{"alg":"ecdsa","kid":"oracle-key","digest":"SHA1"}"""),
        Header("""{"alg":"ecdsa","kid":"oracle-key","signature":"MEUCIQ==","digest":"SHA256"}"""),
        Header("""{"alg":"rsa","kid":"oracle-key","signature":"MEUCIQ==","digest":"SHA1"}"""),
        Header("""{"alg":"ecdsa","kid":"../../identity/v1/oauth2/token","signature":"MEYCIQCfxfIWuxmWcIBQJ9c5/X7iGDJqs2RCGsBEaAjinyrrfAIhAIV6wGcTiBuV5KJUif2hokyrL+Q9ssHkad+mx2nEE25w","digest":"SHA1"}"""),
        Header("""{"alg":"ecdsa","kid":"oracle-key","kid":"other","signature":"MEYCIQCfxfIWuxmWcIBQJ9c5/X7iGDJqs2RCGsBEaAjinyrrfAIhAIV6wGcTiBuV5KJUif2hokyrL+Q9ssHkad+mx2nEE25w","digest":"SHA1"}"""),
        Header("""{"alg":"ecdsa","kid":"oracle-key","signature":"AAAA","digest":"SHA1"}"""),
        Convert.ToBase64String(new byte[3000]),
    ];

    /// <summary>
    /// Each "secret" is an eBay application's client secret; its own loopback API root answers an application
    /// token for it and the named signing keys; both keys are fetched once, as after a firewall's first deliveries.
    /// </summary>
    protected override ProviderSettings Settings(params string[] secrets)
    {
        var settings = new ProviderSettings { ClientId = ClientId, Secrets = [secrets[0]], VerifyToken = VerifyToken, PublicUrl = PublicUrl, KeyEndpoint = Api(secrets[0]) };
        TestEnvironment.Warm(Provider, settings, Signed(secrets[0], DefaultBody, Now));
        return TestEnvironment.Warm(Provider, settings, Request.Post(DefaultBody).Header(SignatureHeader, Signature(secrets[0], DefaultBody, PreviousKeyId)));
    }

    /// <summary>
    /// A notification as eBay sends it, compact JSON that `JSON.stringify` writes back unchanged: the contract's body
    /// as it is, any other body (the property suites' random ones, with repeated names or fractions eBay never sends)
    /// carried as printable text inside an eBay-shaped message.
    /// </summary>
    protected override Request Signed(string secret, byte[] body, DateTimeOffset signedAt)
    {
        var sent = body.AsSpan().SequenceEqual(DefaultBody) ? body : Notification(body);
        return Request.Post(sent).Header(SignatureHeader, Signature(secret, sent));
    }

    /// <summary>The endpoint validation GET, unsigned (proved by the verification token it hashes): anyone can send any code.</summary>
    protected override IEnumerable<Request> HandshakesCarrying(string secret, string chosen) => [Request.Get("?challenge_code=" + SenderText.Query(chosen))];

    /// <summary>A body byte changed in place (eBay signs values, not layout: an appended space would be no change), or the header.</summary>
    protected override void Mutate(Request request, Random random)
    {
        if (random.Next(2) == 0 && request.Body.Length > 0)
        {
            var body = request.Body.ToArray();
            body[random.Next(body.Length)] ^= (byte)random.Next(1, 256);
            request.WithBody(body);
        }
        else
        {
            request.ReplaceHeader(SignatureHeader, Oracles.Change(request.Headers.Get(SignatureHeader).Value!, random));
        }
    }

    /// <summary>eBay rotates by key id: a signature under the other kid verifies too.</summary>
    [Fact]
    public override void Rotated_previous_secret_matches_as_secret_index_1()
    {
        var request = Request.Post(DefaultBody).Header(SignatureHeader, Signature(Secret, DefaultBody, PreviousKeyId));
        Expect.Verified(request.VerifyWith(Verifier(Secret)), secretIndex: 0);
    }

    // --- The published vector ---

    [Fact]
    public async Task Ebay_signed_notification_verifies_with_the_key_ebay_answered()
    {
        var (server, verifier) = VectorVerifier();
        var result = Expect.Verified(await Request.Post(VectorBody).Header(SignatureHeader, VectorSignature).VerifyAsyncWith(verifier));
        Assert.Equal("49feeaeb-4982-42d9-a377-9645b8479411_33f7e043-fed8-442b-9d44-791923bd9a6d", result.DeliveryId);

        // The token first, with the client credentials; then the key, with the token.
        Assert.Equal(2, server.Received.Count);
        var token = server.Received[0];
        Assert.Equal(("POST", "http://127.0.0.1:9/identity/v1/oauth2/token"), (token.Method, token.Url));
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(ClientId + ":ebay-client-secret")), token.Authorization);
        Assert.Equal("grant_type=client_credentials&scope=https%3A%2F%2Fapi.ebay.com%2Foauth%2Fapi_scope", token.Body);
        Assert.Equal(("GET", "http://127.0.0.1:9/commerce/notification/v1/public_key/9936261a-7d7b-4621-a0f1-96ccb428af49", "Bearer v^1.1#i^1#application-token"), (server.Received[1].Method, server.Received[1].Url, server.Received[1].Authorization));

        // test.json's own negative cases.
        Expect.Failed(FailureCode.InvalidSignature, Request.Post(VectorInvalidBody).Header(SignatureHeader, VectorSignature).VerifyWith(verifier));
        Expect.Failed(FailureCode.InvalidSignature, Request.Post(VectorBody).Header(SignatureHeader, VectorMismatchSignature).VerifyWith(verifier));
    }

    [Fact]
    public async Task Ebay_signs_the_json_values_not_the_layout_as_its_sdk_verifies()
    {
        var (_, verifier) = VectorVerifier();
        Expect.Verified(await Request.Post(VectorBody).Header(SignatureHeader, VectorSignature).VerifyAsyncWith(verifier));

        // test.json holds the message pretty-printed: the SDK parses and re-serialises it, and so does the firewall.
        var pretty = JsonSerializer.Serialize(JsonDocument.Parse(VectorBody).RootElement, new JsonSerializerOptions { WriteIndented = true });
        Expect.Verified(Request.Post(pretty).Header(SignatureHeader, VectorSignature).VerifyWith(verifier));

        // Members reordered, a value changed: different JSON.
        Expect.Failed(FailureCode.InvalidSignature, Request.Post(VectorBody.Replace("\"schemaVersion\":\"1.0\",\"deprecated\":false", "\"deprecated\":false,\"schemaVersion\":\"1.0\"", StringComparison.Ordinal)).Header(SignatureHeader, VectorSignature).VerifyWith(verifier));
        Expect.Failed(FailureCode.InvalidSignature, Request.Post(VectorBody.Replace("test_user", "test_usEr", StringComparison.Ordinal)).Header(SignatureHeader, VectorSignature).VerifyWith(verifier));

        // What a re-serialisation would change from what the backend reads is refused: repeated names, other number literals.
        Expect.Failed(FailureCode.MalformedSignature, Request.Post(VectorBody.Replace("\"username\":\"test_user\"", "\"username\":\"test_user\",\"username\":\"admin\"", StringComparison.Ordinal)).Header(SignatureHeader, VectorSignature).VerifyWith(verifier));
        Expect.Failed(FailureCode.MalformedSignature, Request.Post(VectorBody.Replace("\"publishAttemptCount\":1", "\"publishAttemptCount\":1.0", StringComparison.Ordinal)).Header(SignatureHeader, VectorSignature).VerifyWith(verifier));
        Expect.Failed(FailureCode.MalformedSignature, Request.Post(VectorBody.Replace("\"publishAttemptCount\":1", "\"publishAttemptCount\":1.0000000000000001", StringComparison.Ordinal)).Header(SignatureHeader, VectorSignature).VerifyWith(verifier));
        Expect.Failed(FailureCode.MalformedSignature, Request.Post(VectorBody[..^1]).Header(SignatureHeader, VectorSignature).VerifyWith(verifier));
    }

    [Fact]
    public void Tampered_value_is_invalid_and_broken_json_malformed()
    {
        var verifier = Verifier(Secret);
        Expect.Failed(FailureCode.InvalidSignature, Valid().WithBody(DefaultBody.Select(b => b == (byte)'1' ? (byte)'2' : b).ToArray()).VerifyWith(verifier));
        Expect.Failed(FailureCode.MalformedSignature, Valid().WithBody(DefaultBody[..^1]).VerifyWith(verifier));
        Expect.Failed(FailureCode.MalformedSignature, Valid().WithBody([]).VerifyWith(verifier));
        Expect.Verified(Valid().WithBody([.. DefaultBody, (byte)'\n']).VerifyWith(verifier));
    }

    // --- The endpoint validation handshake ---

    [Fact]
    public void Challenge_code_is_answered_as_the_sdk_answers_it()
    {
        // test/test.js, "should return the correct challenge response": the code, the token, the endpoint, hashed.
        const string code = "71745723-d031-455c-bfa5-f90d11b4f20a";
        var verifier = Verifiers.Create(Provider, Settings(Secret) with { VerifyToken = "71745723-d031-455c-bfa5-f90d11b4f20a", PublicUrl = "http://www.testendpoint.com/webhook" });
        var answer = Expect.Challenge(Request.Get("?challenge_code=" + code).VerifyWith(verifier));
        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(code + "71745723-d031-455c-bfa5-f90d11b4f20a" + "http://www.testendpoint.com/webhook")));
        Assert.Equal("048de9ffd0e35021fefc0388d5c52e0f475324f582f3778ca81a53354ccbbc97", expected);
        Assert.Equal(200, answer.StatusCode);
        Assert.Equal("application/json", answer.ContentType);
        Assert.Equal($$"""{"challengeResponse":"{{expected}}"}""", answer.Body);
    }

    [Theory]
    [InlineData("?challenge_code=")]
    [InlineData("?challenge_code=a&challenge_code=b")]
    [InlineData("?challenge_code=has%20space")]
    [InlineData("?challenge_code=%7B%22%3A%7D%0A")]
    public void Challenge_code_out_of_shape_is_refused(string query)
    {
        Expect.Failed(FailureCode.MalformedSignature, Request.Get(query).VerifyWith(Verifier(Secret)));
        Expect.Failed(FailureCode.MalformedSignature, Request.Get("?challenge_code=" + new string('a', 257)).VerifyWith(Verifier(Secret)));
    }

    [Fact]
    public void Get_without_a_challenge_code_is_no_handshake()
    {
        Expect.Failed(FailureCode.MissingSignature, Request.Get("?other=1").VerifyWith(Verifier(Secret)));
    }

    [Fact]
    public void Challenge_answer_is_no_signature_of_any_delivery()
    {
        // The answer is a SHA-256 of the code, the token and the URL; deliveries are signed with eBay's ECDSA key.
        // Whatever code a sender picks, the answer is not a header that verifies a body.
        var verifier = Verifier(Secret);
        foreach (var body in new[] { DefaultBody, "{}"u8.ToArray(), """{"notification":{"notificationId":"x"}}"""u8.ToArray() })
        {
            var code = Convert.ToBase64String(SHA256.HashData(body));
            var answer = Expect.Challenge(Request.Get("?challenge_code=" + Uri.EscapeDataString(code)).VerifyWith(verifier));
            var hex = JsonDocument.Parse(answer.Body).RootElement.GetProperty("challengeResponse").GetString()!;
            foreach (var header in new[] { hex, Convert.ToBase64String(Convert.FromHexString(hex)), Header($$"""{"alg":"ecdsa","kid":"oracle-key","signature":"{{Convert.ToBase64String(Convert.FromHexString(hex))}}","digest":"SHA1"}""") })
            {
                Assert.False(Request.Post(body).Header(SignatureHeader, header).VerifyWith(verifier).IsVerified);
            }
        }
    }

    // --- The key API ---

    [Fact]
    public async Task Token_and_keys_are_fetched_once_and_shared()
    {
        var server = VectorServer();
        server.Gate = new TaskCompletionSource();
        var verifier = Create(VectorSettings(), server);
        var pending = Enumerable.Range(0, 8).Select(_ => Request.Post(VectorBody).Header(SignatureHeader, VectorSignature).VerifyAsyncWith(verifier)).ToArray();
        server.Gate.SetResult();
        foreach (var result in await Task.WhenAll(pending))
        {
            Expect.Verified(result);
        }

        Assert.Equal(2, server.Received.Count);
    }

    [Fact]
    public async Task Refused_credentials_are_key_unavailable_with_the_reason()
    {
        var server = new KeyServer().Serve("http://127.0.0.1:9/identity/v1/oauth2/token", """{"error":"invalid_client"}""", HttpStatusCode.Unauthorized);
        var result = await Request.Post(VectorBody).Header(SignatureHeader, VectorSignature).VerifyAsyncWith(Create(VectorSettings(), server));
        Expect.Failed(FailureCode.KeyUnavailable, result);
        Assert.Contains("token endpoint", result.Reason, StringComparison.Ordinal);
        Assert.Contains("answered 401", result.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("ebay-client-secret", result.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes(ClientId + ":ebay-client-secret")), result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ebay_hosts_by_environment_over_https()
    {
        foreach (var (environment, root) in new[] { ((string?)null, "https://api.ebay.com/"), ("sandbox", "https://api.sandbox.ebay.com/") })
        {
            var server = VectorServer(root);
            var verifier = Create(VectorSettings() with { KeyEndpoint = null, Environment = environment }, server);
            Expect.Verified(await Request.Post(VectorBody).Header(SignatureHeader, VectorSignature).VerifyAsyncWith(verifier));
            Assert.All(server.Received, r => Assert.StartsWith(root, r.Url, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Settings_are_checked_at_config_time()
    {
        var good = new ProviderSettings { ClientId = ClientId, Secrets = ["s"], VerifyToken = VerifyToken, PublicUrl = PublicUrl };
        Assert.Contains(Verifiers.Problems(Provider, good with { ClientId = null }), p => p.Key == "ClientId");
        Assert.Contains(Verifiers.Problems(Provider, good with { VerifyToken = null }), p => p.Key == "VerifyToken");
        Assert.Contains(Verifiers.Problems(Provider, good with { PublicUrl = null }), p => p.Key == "PublicUrl");
        Assert.Contains(Verifiers.Problems(Provider, good with { PublicUrl = "not a url" }), p => p.Key == "PublicUrl");
        Assert.Contains(Verifiers.Problems(Provider, good with { Secrets = ["a", "b"] }), p => p.Key == "Secrets:1");
        Assert.Contains(Verifiers.Problems(Provider, good with { KeyEndpoint = "https://api.ebay.com/" }), p => p.Key == "KeyEndpoint");
        Assert.Contains(Verifiers.Problems(Provider, good with { Environment = "staging" }), p => p.Key == "Environment");
    }

    [Fact]
    public void Delivery_is_keyed_by_the_signed_notification_id()
    {
        var verifier = Verifier(Secret);
        Assert.Equal(IdempotencyKeyKind.DeliveryId, verifier.DefaultKeyKind);
        Assert.False(verifier.SignsTimestamp);
        Assert.Equal("JSON body field notification.notificationId", verifier.DeliveryIdDescription);
    }

    [Fact]
    public async Task Sign_verb_signs_as_ebay_does()
    {
        var privateKey = KeyPairs.EcdsaPrivateKey("ebay sign verb");
        var problems = new List<SettingProblem>();
        var signer = ProviderCatalogue.CreateSigner(Provider, privateKey, new ProviderSettings(), problems);
        Assert.Empty(problems);
        var headers = new List<KeyValuePair<string, string>>();
        signer!.Sign(new SigningInput(Encoding.UTF8.GetBytes(VectorBody), Now, "unused"), headers);
        var (name, value) = Assert.Single(headers);

        using var ecdsa = ECDsa.Create();
        ecdsa.ImportPkcs8PrivateKey(Convert.FromBase64String(privateKey), out _);
        var server = new KeyServer()
            .Serve("http://127.0.0.1:9/identity/v1/oauth2/token", """{"access_token":"t","expires_in":7200,"token_type":"Application Access Token"}""")
            .Serve("http://127.0.0.1:9/commerce/notification/v1/public_key/" + PrivateKeys.KeyId(ecdsa), KeyAnswer(ecdsa));
        Expect.Verified(await Request.Post(VectorBody).Header(name, value).VerifyAsyncWith(Create(VectorSettings(), server)));
        Assert.Null(ProviderCatalogue.CreateSigner(Provider, "not a key", new ProviderSettings(), problems));
    }

    // --- How the tests play eBay ---

    private static ProviderSettings VectorSettings() =>
        new() { ClientId = ClientId, Secrets = ["ebay-client-secret"], VerifyToken = VerifyToken, PublicUrl = PublicUrl, KeyEndpoint = "http://127.0.0.1:9/" };

    private static KeyServer VectorServer(string root = "http://127.0.0.1:9/") => new KeyServer()
        .Serve(root + "identity/v1/oauth2/token", """{"access_token":"v^1.1#i^1#application-token","expires_in":7200,"token_type":"Application Access Token"}""")
        .Serve(root + "commerce/notification/v1/public_key/9936261a-7d7b-4621-a0f1-96ccb428af49", VectorKeyAnswer);

    private static (KeyServer Server, IWebhookVerifier Verifier) VectorVerifier()
    {
        var server = VectorServer();
        return (server, Create(VectorSettings(), server));
    }

    private static IWebhookVerifier Create(ProviderSettings settings, KeyServer server)
    {
        var problems = new List<SettingProblem>();
        var verifier = ProviderCatalogue.Create("ebay", settings, problems, new ProviderEnvironment(server, TimeProvider.System, KeyFetchLimits.Default, offline: false));
        Assert.Empty(problems);
        return verifier!;
    }

    /// <summary>The named application's eBay: a token for its own credentials, its two keys by kid with that token.</summary>
    private static string Api(string name)
    {
        var root = TestEnvironment.Endpoint("ebay", name, "/");
        var token = "token-for-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)).AsSpan(0, 4));
        TestEnvironment.Keys.Serve(root + "identity/v1/oauth2/token", request => Task.FromResult(
            request.Headers.Authorization?.Parameter == Convert.ToBase64String(Encoding.UTF8.GetBytes(ClientId + ":" + name))
                ? KeyServer.Answer(HttpStatusCode.OK, $$"""{"access_token":"{{token}}","expires_in":7200,"token_type":"Application Access Token"}""")
                : KeyServer.Answer(HttpStatusCode.Unauthorized, """{"error":"invalid_client"}""")));
        TestEnvironment.Keys.ServePrefix(root + "commerce/notification/v1/public_key/", request =>
        {
            var keyId = request.RequestUri!.Segments[^1];
            if (request.Headers.Authorization?.ToString() != "Bearer " + token || keyId is not (KeyId or PreviousKeyId))
            {
                return Task.FromResult(KeyServer.Answer(HttpStatusCode.NotFound, "{}"));
            }

            using var ecdsa = ECDsa.Create();
            ecdsa.ImportPkcs8PrivateKey(Convert.FromBase64String(KeyPairs.EcdsaPrivateKey(keyId == KeyId ? name : name + " (previous)")), out _);
            return Task.FromResult(KeyServer.Answer(HttpStatusCode.OK, KeyAnswer(ecdsa)));
        });
        return root;
    }

    /// <summary>The public_key answer as eBay writes it: the PEM's base64 without line breaks.</summary>
    private static string KeyAnswer(ECDsa key) =>
        $$"""{"key":"-----BEGIN PUBLIC KEY-----{{Convert.ToBase64String(key.ExportSubjectPublicKeyInfo())}}-----END PUBLIC KEY-----","algorithm":"ECDSA","digest":"SHA1"}""";

    private static byte[] Notification(byte[] content)
    {
        var text = new string(Encoding.UTF8.GetString(content).Select(c => c is >= ' ' and <= '~' and not '"' and not '\\' ? c : '?').ToArray());
        var id = Convert.ToHexStringLower(SHA256.HashData(content).AsSpan(0, 8));
        const string Head = """{"metadata":{"topic":"MARKETPLACE_ACCOUNT_DELETION","schemaVersion":"1.0","deprecated":false},"notification":{"notificationId":""";
        return Encoding.UTF8.GetBytes(Head + "\"" + id + "\",\"publishAttemptCount\":1,\"data\":{\"text\":\"" + text + "\"}}}");
    }

    private static string Header(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json));

    /// <summary>
    /// As eBay signs: ECDSA P-256 with SHA-1, DER, over the body as `JSON.stringify(JSON.parse(body))` writes it —
    /// here the test bodies are compact JSON already, which that leaves as it is.
    /// </summary>
    private static string Signature(string name, byte[] body, string keyId = KeyId)
    {
        using var ecdsa = ECDsa.Create();
        ecdsa.ImportPkcs8PrivateKey(Convert.FromBase64String(KeyPairs.EcdsaPrivateKey(keyId == PreviousKeyId ? name + " (previous)" : name)), out _);
        var signature = ecdsa.SignData(body, HashAlgorithmName.SHA1, DSASignatureFormat.Rfc3279DerSequence);
        return Header($$"""{"alg":"ecdsa","kid":"{{keyId}}","signature":"{{Convert.ToBase64String(signature)}}","digest":"SHA1"}""");
    }
}
