using System.Globalization;
using System.Text;
using WebhookFirewall.Verification;
using WebhookFirewall.Verification.Primitives;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>
/// Google Cloud Pub/Sub push. Google publishes no verifiable token (its keys rotate), so tokens are made here with
/// .NET's RSA in the shape the Pub/Sub docs show and Google's own verifier checks (cloud.google.com/pubsub/docs/
/// authenticate-push-subscriptions: RS256, `kid`, iss https://accounts.google.com, aud, email, email_verified, iat,
/// exp an hour later; googleapis/google-auth-library-python@2ea24b03436765fa3cf279ce148482ff6332136b
/// google/oauth2/id_token.py: both issuer spellings, keys at https://www.googleapis.com/oauth2/v3/certs), and served
/// as a JWKS from a loopback `KeyEndpoint` by the tests' key server. The token covers no part of the message: the
/// contract's "tampered" cases tamper with the token.
/// </summary>
public sealed class GooglePubSubTests : ProviderContract
{
    private const string Audience = "https://hooks.example.com/pubsub/orders";
    private const string ServiceAccount = "pubsub-push@orders-project.iam.gserviceaccount.com";
    private const string KeyId = "oracle-key";
    private const string PreviousKeyId = "previous-key";

    private static readonly byte[] PushBody = Encoding.UTF8.GetBytes("""{"message":{"attributes":{"k":"v"},"data":"SGVsbG8gQ2xvdWQgUHViL1N1YiEgSGVyZSBpcyBteSBtZXNzYWdlIQ==","messageId":"2070443601311540","message_id":"2070443601311540","publishTime":"2021-02-26T19:13:55.749Z","publish_time":"2021-02-26T19:13:55.749Z"},"subscription":"projects/orders-project/subscriptions/push"}""");

    protected override string Provider => "google-pubsub";

    protected override string SignatureHeader => "Authorization";

    protected override IEnumerable<string> MalformedSignatures =>
    [
        "",
        "Bearer",
        "Bearer ",
        "Basic dXNlcjpwYXNz",
        "Bearer not-a-jwt",
        "Bearer a.b",
        "Bearer a.b.c.d.e",
        "Bearer " + Jws.Unsigned("""{"alg":"none","kid":"oracle-key"}""", Claims(Now)),
        "Bearer " + Jws.Hs256("""{"alg":"HS256","kid":"oracle-key","typ":"JWT"}""", Claims(Now), Encoding.UTF8.GetBytes(RsaKeys.JwkMembers(Secret))),
        "Bearer " + Token(Secret, Now, header: """{"alg":"RS256","typ":"JWT"}"""),
        "Bearer " + Token(Secret, Now, header: """{"alg":"RS512","kid":"oracle-key","typ":"JWT"}"""),
        "Bearer " + new string('a', 9000),
    ];

    /// <summary>Each "secret" names the key pair behind a JWKS of its own, served at its own loopback KeyEndpoint and held once fetched.</summary>
    protected override ProviderSettings Settings(params string[] secrets)
    {
        var endpoint = Jwks(secrets[0]);
        return TestEnvironment.Warm(Provider, new ProviderSettings { Audience = Audience, ServiceAccountEmail = ServiceAccount, KeyEndpoint = endpoint }, Signed(secrets[0], PushBody, Now));
    }

    /// <summary>A push as Google sends it: the message, and its service account's token for the audience.</summary>
    protected override Request Signed(string secret, byte[] body, DateTimeOffset signedAt) =>
        Request.Post(body).Header("Authorization", "Bearer " + Token(secret, signedAt));

    /// <summary>The token is what is signed: one character of it changed (header, claims or signature).</summary>
    protected override void Mutate(Request request, Random random)
    {
        var token = request.Headers.Get("Authorization").Value!["Bearer ".Length..];
        request.ReplaceHeader("Authorization", "Bearer " + Oracles.Change(token, random));
    }

    /// <summary>Google rotates by publishing two keys at once: a token under the other kid verifies too.</summary>
    [Fact]
    public override void Rotated_previous_secret_matches_as_secret_index_1()
    {
        var request = Request.Post(PushBody).Header("Authorization", "Bearer " + Token(Secret, Now, keyId: PreviousKeyId));
        Expect.Verified(request.VerifyWith(Verifier(Secret)), secretIndex: 0);
    }

    [Fact]
    public void Push_verifies_with_its_message_id_keyed_by_content()
    {
        var verifier = Verifier(Secret);
        var result = Expect.Verified(Signed(Secret, PushBody, Now).VerifyWith(verifier));
        Assert.Equal("2070443601311540", result.DeliveryId);
        Assert.Null(result.Timestamp);
        Assert.Equal(IdempotencyKeyKind.Content, verifier.DefaultKeyKind);
        Assert.False(verifier.SignsTimestamp);
        Assert.Equal(["Authorization"], verifier.CredentialHeaders);
    }

    [Fact]
    public void Either_issuer_spelling_google_uses_verifies_and_no_other()
    {
        var verifier = Verifier(Secret);
        Expect.Verified(Push(Token(Secret, Now, issuer: "accounts.google.com")).VerifyWith(verifier));
        Expect.Failed(FailureCode.InvalidSignature, Push(Token(Secret, Now, issuer: "https://accounts.example.com")).VerifyWith(verifier));
    }

    [Fact]
    public void Token_for_another_audience_or_service_account_is_invalid()
    {
        var verifier = Verifier(Secret);
        Expect.Failed(FailureCode.InvalidSignature, Push(Token(Secret, Now, audience: "https://hooks.example.com/pubsub/other")).VerifyWith(verifier));
        var result = Push(Token(Secret, Now, email: "someone-else@evil-project.iam.gserviceaccount.com")).VerifyWith(verifier);
        Expect.Failed(FailureCode.InvalidSignature, result);
        Assert.Contains("ServiceAccountEmail", result.Reason, StringComparison.Ordinal);
        Expect.Failed(FailureCode.InvalidSignature, Push(Token(Secret, Now, emailVerified: "false")).VerifyWith(verifier));
        Expect.Failed(FailureCode.InvalidSignature, Push(Token(Secret, Now, emailVerified: "\"true\"")).VerifyWith(verifier));
    }

    [Fact]
    public void Token_is_held_to_its_own_lifetime_at_the_request_clock_give_or_take_five_minutes()
    {
        var verifier = Verifier(Secret);
        Expect.Verified(Push(Token(Secret, Now.AddMinutes(-64))).VerifyWith(verifier));
        Expect.Verified(Push(Token(Secret, Now.AddMinutes(5))).VerifyWith(verifier));
        var expired = Push(Token(Secret, Now.AddMinutes(-66))).VerifyWith(verifier);
        Expect.Failed(FailureCode.TimestampOutOfWindow, expired);
        Assert.Contains("not at the firewall's clock (2023-11-14T22:13:20Z)", expired.Reason, StringComparison.Ordinal);
        Expect.Failed(FailureCode.TimestampOutOfWindow, Push(Token(Secret, Now.AddMinutes(6))).VerifyWith(verifier));
        Expect.Failed(FailureCode.MalformedSignature, Push(Token(Secret, Now, withExpiry: false)).VerifyWith(verifier));
    }

    [Fact]
    public async Task Unknown_key_id_is_unavailable_synchronously_and_looked_up_once_more_asynchronously()
    {
        var server = new KeyServer();
        var endpoint = "http://127.0.0.1:9/certs";
        server.Serve(endpoint, JwksDocument(Secret));
        var clock = new ManualClock(Now);
        var environment = new ProviderEnvironment(server, clock, KeyFetchLimits.Default, offline: false);
        var verifier = Create(new ProviderSettings { Audience = Audience, ServiceAccountEmail = ServiceAccount, KeyEndpoint = endpoint }, environment);

        Expect.Verified(await Signed(Secret, PushBody, Now).VerifyAsyncWith(verifier));
        var rotated = Push(Token(Secret, Now, keyId: "next-key"));
        Expect.Failed(FailureCode.KeyUnavailable, rotated.VerifyWith(verifier));

        // Fetched just now: the token is not Google's, and the JWKS is not fetched again within the minute.
        Expect.Failed(FailureCode.InvalidSignature, await rotated.VerifyAsyncWith(verifier));
        Assert.Equal(1, server.CountFor(endpoint));

        // A minute on, an unknown kid is worth one more look (Google's next key is not published yet).
        clock.Advance(TimeSpan.FromMinutes(1));
        Expect.Failed(FailureCode.InvalidSignature, await rotated.VerifyAsyncWith(verifier));
        Assert.Equal(2, server.CountFor(endpoint));

        // A flood of unknown kids costs no further fetch within the minute.
        Expect.Failed(FailureCode.InvalidSignature, await Push(Token(Secret, Now, keyId: "flood-1")).VerifyAsyncWith(verifier));
        Expect.Failed(FailureCode.InvalidSignature, await Push(Token(Secret, Now, keyId: "flood-2")).VerifyAsyncWith(verifier));
        Assert.Equal(2, server.CountFor(endpoint));

        // Published a minute later: the look finds it, and the cached keys stay usable meanwhile.
        clock.Advance(TimeSpan.FromMinutes(1));
        server.Serve(endpoint, JwksDocument(Secret, extraKeyId: "next-key"));
        Expect.Verified(await Push(Token(Secret, Now, keyId: "next-key")).VerifyAsyncWith(verifier));
        Expect.Verified(Signed(Secret, PushBody, Now).VerifyWith(verifier));
    }

    [Fact]
    public async Task Google_jwks_is_fetched_from_google_over_https_without_a_key_endpoint()
    {
        var server = new KeyServer();
        server.Serve("https://www.googleapis.com/oauth2/v3/certs", JwksDocument(Secret));
        var environment = new ProviderEnvironment(server, TimeProvider.System, KeyFetchLimits.Default, offline: false);
        var verifier = Create(new ProviderSettings { Audience = Audience, ServiceAccountEmail = ServiceAccount }, environment);
        Expect.Verified(await Signed(Secret, PushBody, Now).VerifyAsyncWith(verifier));
        Assert.Equal(["https://www.googleapis.com/oauth2/v3/certs"], server.Received.Select(r => r.Url));
    }

    [Theory]
    [InlineData("https://keys.example.com/certs")]
    [InlineData("http://10.0.0.8/certs")]
    [InlineData("http://localhost:8080/certs")]
    [InlineData("http://127.0.0.1:8080/certs?key=1")]
    [InlineData("http://user:pass@127.0.0.1:8080/certs")]
    [InlineData("file:///etc/keys.json")]
    public void Key_endpoint_is_accepted_only_on_a_loopback_address(string endpoint)
    {
        Assert.Contains(Verifiers.Problems(Provider, new ProviderSettings { Audience = Audience, ServiceAccountEmail = ServiceAccount, KeyEndpoint = endpoint }), p => p.Key == "KeyEndpoint");
    }

    [Fact]
    public void Needs_audience_and_service_account()
    {
        Assert.Contains(Verifiers.Problems(Provider, new ProviderSettings { ServiceAccountEmail = ServiceAccount }), p => p.Key == "Audience");
        Assert.Contains(Verifiers.Problems(Provider, new ProviderSettings { Audience = Audience }), p => p.Key == "ServiceAccountEmail");
        Assert.Contains(Verifiers.Problems(Provider, new ProviderSettings { Audience = Audience, ServiceAccountEmail = ServiceAccount, Secrets = ["s"] }), p => p.Key == "Secrets");
    }

    [Fact]
    public void Sign_verb_makes_a_token_the_firewall_verifies()
    {
        var problems = new List<SettingProblem>();
        var settings = Settings(Secret);
        var signer = ProviderCatalogue.CreateSigner(Provider, RsaKeys.PrivateKey("sign verb key"), settings, problems);
        Assert.Empty(problems);
        var headers = new List<KeyValuePair<string, string>>();
        signer!.Sign(new SigningInput(PushBody, Now, "unused"), headers);
        var (name, value) = Assert.Single(headers);
        Assert.Equal("Authorization", name);

        // The sign verb's key is served under its own id, as an operator's JWKS would serve it.
        using var rsa = RsaKeys.For("sign verb key");
        var endpoint = "http://127.0.0.1:9/sign-verb/certs";
        TestEnvironment.Keys.Serve(endpoint, $$"""{"keys":[{{{RsaKeys.JwkMembers("sign verb key")}},"kid":"{{PrivateKeys.KeyId(rsa)}}","alg":"RS256","use":"sig"}]}""");
        var verifier = Verifiers.Create(Provider, settings with { KeyEndpoint = endpoint });
        var request = Request.Post(PushBody).Header(name, value);
        TestEnvironment.Warm(Provider, settings with { KeyEndpoint = endpoint }, request);
        Expect.Verified(request.VerifyWith(verifier));
        Assert.Null(ProviderCatalogue.CreateSigner(Provider, "not a key", settings, problems));
    }

    [Fact]
    public async Task Hostile_tokens_are_refused_never_thrown()
    {
        var verifier = Verifier(Secret);
        using var rsa = RsaKeys.For(Secret);
        string[] tokens =
        [
            "a.b.c",
            "..",
            Jws.Base64Url("[]"u8.ToArray()) + ".e30.x",
            Jws.Base64Url("""{"alg":1,"kid":[]}"""u8.ToArray()) + ".e30.x",
            Jws.Base64Url("""{"alg":"RS256","kid":"oracle-key"}"""u8.ToArray()) + "." + Jws.Base64Url("not json"u8.ToArray()) + ".x",
            Jws.Rs256("""{"alg":"RS256","kid":"oracle-key","crit":["exp"]}""", Claims(Now), rsa),   // RFC 7515: an unknown critical extension
            Jws.Rs256("""{"alg":"RS256","kid":"oracle-key"}""", """{"aud":["a","b"],"email":1,"email_verified":"yes","exp":"soon","iat":-1,"iss":null}""", rsa),
            Jws.Rs256("""{"alg":"RS256","kid":"oracle-key"}""", """{"aud":"https://hooks.example.com/pubsub/orders","exp":99999999999999999999,"iss":"https://accounts.google.com"}""", rsa),
        ];
        foreach (var token in tokens)
        {
            var request = Push(token);
            Assert.False(request.VerifyWith(verifier).IsVerified, token);
            Assert.False((await request.VerifyAsyncWith(verifier)).IsVerified, token);
        }
    }

    private static Request Push(string token) => Request.Post(PushBody).Header("Authorization", "Bearer " + token);

    private static IWebhookVerifier Create(ProviderSettings settings, ProviderEnvironment environment)
    {
        var problems = new List<SettingProblem>();
        var verifier = ProviderCatalogue.Create("google-pubsub", settings, problems, environment);
        Assert.Empty(problems);
        return verifier!;
    }

    /// <summary>The named key's JWKS, registered with the tests' key server at an endpoint of its own.</summary>
    private static string Jwks(string name)
    {
        var endpoint = TestEnvironment.Endpoint("google", name, "/certs");
        TestEnvironment.Keys.Serve(endpoint, JwksDocument(name));
        return endpoint;
    }

    /// <summary>Two keys, as Google publishes them: the current one and the previous (named after the current).</summary>
    private static string JwksDocument(string name, string? extraKeyId = null)
    {
        var extra = extraKeyId is null ? string.Empty : $$""",{{{RsaKeys.JwkMembers(name)}},"kid":"{{extraKeyId}}","alg":"RS256","use":"sig"}""";
        return $$"""{"keys":[{{{RsaKeys.JwkMembers(name)}},"kid":"{{KeyId}}","alg":"RS256","use":"sig"},{{{RsaKeys.JwkMembers(name + " (previous)")}},"kid":"{{PreviousKeyId}}","alg":"RS256","use":"sig"}{{extra}}]}""";
    }

    private static string Token(string name, DateTimeOffset issuedAt, string keyId = KeyId, string? header = null, string issuer = "https://accounts.google.com", string audience = Audience, string email = ServiceAccount, string emailVerified = "true", bool withExpiry = true)
    {
        using var rsa = RsaKeys.For(keyId == PreviousKeyId ? name + " (previous)" : name);
        return Jws.Rs256(header ?? $$"""{"alg":"RS256","kid":"{{keyId}}","typ":"JWT"}""", Claims(issuedAt, issuer, audience, email, emailVerified, withExpiry), rsa);
    }

    private static string Claims(DateTimeOffset issuedAt, string issuer = "https://accounts.google.com", string audience = Audience, string email = ServiceAccount, string emailVerified = "true", bool withExpiry = true)
    {
        var iat = issuedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var exp = withExpiry ? $",\"exp\":{(issuedAt.ToUnixTimeSeconds() + 3600).ToString(CultureInfo.InvariantCulture)}" : string.Empty;
        return $$"""{"aud":"{{audience}}","azp":"113774264463038321964","email":"{{email}}","email_verified":{{emailVerified}}{{exp}},"iat":{{iat}},"iss":"{{issuer}}","sub":"113774264463038321964"}""";
    }
}
