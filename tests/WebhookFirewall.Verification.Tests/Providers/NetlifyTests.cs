using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using WebhookFirewall.Verification;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>
/// Netlify publishes no vector. Its docs (docs.netlify.com/deploy/deploy-notifications, "Payload signature": Ruby
/// `JWT.decode(signature, secret, true, iss: "netlify", algorithm: "HS256")` and `sha256 == hexdigest(body)`; Node
/// `jwt.verify(token, secret, { issuer: "netlify", algorithms: ["HS256"] })`) define the token; it is built here with
/// the BCL as RFC 7515 builds a compact JWS: base64url(header) "." base64url(claims), HMAC-SHA256, base64url.
/// </summary>
public sealed class NetlifyTests : BodySigningProviderContract
{
    private const string Header = "X-Webhook-Signature";

    protected override string Provider => "netlify";

    protected override string SignatureHeader => Header;

    /// <summary>HS256 needs a key of at least 32 bytes: the test secrets are lengthened to one.</summary>
    protected override string ConfiguredSecret(string secret) => secret + " / long enough for HS256";

    protected override IEnumerable<string> MalformedSignatures =>
    [
        "",
        "not-a-token",
        "only.two",
        Jws("""{"alg":"HS256","typ":"JWT"}""", "not json", ConfiguredSecret(Secret)),
        Jws("""{"alg":"HS256"}""", """{"iss":"netlify"}""", ConfiguredSecret(Secret)),   // signed, but no sha256 claim
        Jws("""{"alg":"HS256"}""", """{"iss":"netlify","sha256":"zz"}""", ConfiguredSecret(Secret)),
        new string('a', 9000),
    ];

    protected override Request Signed(string secret, byte[] body, DateTimeOffset signedAt) =>
        Request.Post(body).Header(Header, Token(secret, body));

    private static string Token(string secret, byte[] body, string issuer = "netlify") =>
        Jws("""{"alg":"HS256","typ":"JWT"}""", $$"""{"iss":"{{issuer}}","sha256":"{{Convert.ToHexStringLower(SHA256.HashData(body))}}"}""", secret);

    private static string Jws(string header, string claims, string secret, HashAlgorithmName? algorithm = null)
    {
        var signingInput = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(header)) + "." + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(claims));
        var key = Encoding.UTF8.GetBytes(secret);
        var data = Encoding.ASCII.GetBytes(signingInput);
        var mac = algorithm == HashAlgorithmName.SHA512 ? HMACSHA512.HashData(key, data) : HMACSHA256.HashData(key, data);
        return signingInput + "." + Base64Url.EncodeToString(mac);
    }

    // Computed, not published: the docs' deploy object (id, state, branch) signed with the header and claims above.
    [Fact]
    public void Computed_vector_verifies_and_keys_by_content()
    {
        const string body = """{"id":"5ebc34bf4fea0b01f02efa3a","state":"ready","branch":"master"}""";
        var verifier = Verifiers.Create("netlify", "netlify-jws-secret-at-least-32-bytes!");
        var request = Request.Post(body).Header(Header, "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJuZXRsaWZ5Iiwic2hhMjU2IjoiZWZiODRkZTRkMmE3NTM2MzA2Yjg2N2E5ODc0OTE5ZGVkYWRhMjZlZDE1YWI4ODUwZDk2MTE4NTZmN2ZlOTQzYiJ9.Nb_e14BXNQn9xRcQvItNvXgIEp90OhDFA8B73tCxmNY");
        Assert.Null(Expect.Verified(request.VerifyWith(verifier)).DeliveryId);
        Assert.Equal(IdempotencyKeyKind.Content, verifier.DefaultKeyKind);
        Expect.Failed(FailureCode.InvalidSignature, request.Clone().WithBody(body.Replace("ready", "error", StringComparison.Ordinal)).VerifyWith(verifier));
    }

    [Fact]
    public void Another_issuer_is_invalid()
    {
        var request = Request.Post(DefaultBody).Header(Header, Token(ConfiguredSecret(Secret), DefaultBody, issuer: "not-netlify"));
        Expect.Failed(FailureCode.InvalidSignature, request.VerifyWith(Verifier(Secret)));
    }

    /// <summary>The algorithm is pinned: an unsigned token or another HMAC is refused whatever it claims.</summary>
    [Fact]
    public void Algorithms_other_than_HS256_are_refused()
    {
        var claims = $$"""{"iss":"netlify","sha256":"{{Convert.ToHexStringLower(SHA256.HashData(DefaultBody))}}"}""";
        var none = Base64Url.EncodeToString("""{"alg":"none"}"""u8) + "." + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(claims)) + ".";
        var hs512 = Jws("""{"alg":"HS512"}""", claims, ConfiguredSecret(Secret), HashAlgorithmName.SHA512);
        foreach (var token in (string[])[none, hs512])
        {
            var result = Request.Post(DefaultBody).Header(Header, token).VerifyWith(Verifier(Secret));
            Assert.True(result.Outcome == VerificationOutcome.Failed && result.Failure is FailureCode.InvalidSignature or FailureCode.MalformedSignature, result.ToString());
        }
    }

    [Fact]
    public void Secret_shorter_than_32_bytes_is_refused_at_config_time()
    {
        var problems = Verifiers.Problems("netlify", new ProviderSettings { Secrets = ["short secret"] });
        Assert.Contains(problems, p => p.Key == "Secrets:0" && p.Message.Contains("RFC 7518", StringComparison.Ordinal));
        Verifiers.Create("netlify", new string('k', 32));
    }

    [Fact]
    public void An_expired_token_is_out_of_window()
    {
        var claims = $$"""{"iss":"netlify","sha256":"{{Convert.ToHexStringLower(SHA256.HashData(DefaultBody))}}","exp":{{Now.ToUnixTimeSeconds() - 1}}}""";
        var request = Request.Post(DefaultBody).Header(Header, Jws("""{"alg":"HS256"}""", claims, ConfiguredSecret(Secret)));
        Expect.Failed(FailureCode.TimestampOutOfWindow, request.VerifyWith(Verifier(Secret)));
    }

    [Fact]
    public void Sign_verb_output_verifies()
    {
        var problems = new List<SettingProblem>();
        var signer = ProviderCatalogue.CreateSigner("netlify", ConfiguredSecret(Secret), new ProviderSettings(), problems);
        Assert.Empty(problems);
        var headers = new List<KeyValuePair<string, string>>();
        signer!.Sign(new SigningInput(DefaultBody, Now, "unused"), headers);
        Expect.Verified(Request.Post(DefaultBody).Header(Header, Assert.Single(headers).Value).VerifyWith(Verifier(Secret)));
    }
}
