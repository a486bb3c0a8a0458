using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using WebhookFirewall.Verification;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>
/// X (Twitter) publishes no vector. Signed here as X's own samples sign, with the BCL
/// (xdevplatform/docs@287132819074964da9c1c410ba02df5a06c932d3 x-api/webhooks/quickstart.mdx, "Signature
/// verification" and "How to build the CRC response"): `sha256=` + base64 HMAC-SHA256 of the raw body, and of the
/// crc_token for the CRC, keyed with the consumer secret's UTF-8.
/// </summary>
public sealed class TwitterTests : BodySigningProviderContract
{
    // The consumer secret and crc_token of X's developer-relations CRC sample
    // (gist.github.com/jcipriano/46c4b3f379d214d57a9ddfa70dba49fe).
    private const string SampleSecret = "z3ZX4v7mAAUGykl3EcmkqbartmuW8VFOOzCloLx9Q45P0hLrFu";
    private const string SampleToken = "9b4507b3-9040-4669-9ca3-6b94edb50553";

    protected override string Provider => "twitter";

    protected override string SignatureHeader => "x-twitter-webhooks-signature";

    protected override IEnumerable<string> MalformedSignatures =>
    [
        Base64Mac(Secret, DefaultBody),                             // without sha256=
        "sha256=" + Convert.ToHexStringLower(new byte[32]),         // hex instead of base64
        "SHA256=" + Base64Mac(Secret, DefaultBody),
        "sha256=",
        "sha256=" + Convert.ToBase64String(new byte[31]),
        "sha256=!!!!",
    ];

    protected override Request Signed(string secret, byte[] body, DateTimeOffset signedAt) =>
        Request.Post(body).Header("x-twitter-webhooks-signature", "sha256=" + Base64Mac(secret, body));

    /// <summary>The CRC is answered by design: exactly X's response_token for an answerable token, and nothing else.</summary>
    protected override bool IsUnsignedEcho(Request request, VerificationResult result)
    {
        if (result.Outcome != VerificationOutcome.Challenge)
        {
            return false;
        }

        var token = Primitives.QueryParameters.Get(request.QueryString, "crc_token");
        Assert.True(request.Method == "GET" && token.Presence == HeaderPresence.Single, $"twitter answered a {request.Method} {request.QueryString}");
        Assert.True(Verification.Providers.Handshakes.TwitterCrc.IsAnswerable(token.Value!));
        return true;
    }

    /// <summary>The CRC GET, unsigned: anyone can send it, with any token.</summary>
    protected override IEnumerable<Request> HandshakesCarrying(string secret, string chosen) => [Request.Get("?crc_token=" + SenderText.Query(chosen))];

    private static string Base64Mac(string secret, byte[] content) => Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), content));

    private static string ResponseToken(string answer) => JsonDocument.Parse(answer).RootElement.GetProperty("response_token").GetString()!;

    [Fact]
    public void Crc_with_the_sample_token_is_answered_as_X_computes_it()
    {
        var response = Expect.Challenge(Request.Get("?crc_token=" + SampleToken).VerifyWith(Verifiers.Create("twitter", SampleSecret)));
        Assert.Equal(200, response.StatusCode);
        Assert.Equal("application/json", response.ContentType);
        var expected = "sha256=" + Base64Mac(SampleSecret, Encoding.UTF8.GetBytes(SampleToken));
        Assert.Equal($$"""{"response_token":"{{expected}}"}""", response.Body);
    }

    [Fact]
    public void Crc_is_answered_with_the_first_secret()
    {
        var response = Expect.Challenge(Request.Get("?crc_token=abc").VerifyWith(Verifier(Secret, PreviousSecret)));
        Assert.Equal("sha256=" + Base64Mac(Secret, "abc"u8.ToArray()), ResponseToken(response.Body));
    }

    [Theory]
    [InlineData("?crc_token=")]
    [InlineData("?crc_token=a&crc_token=b")]
    [InlineData("?crc_token=%7B%22id%22%3A1%7D")]      // {"id":1}: a JSON object, the shape of a delivery
    [InlineData("?crc_token=a%7Db")]
    [InlineData("?crc_token=a%22b")]
    [InlineData("?crc_token=a%3Ab")]
    [InlineData("?crc_token=a+b")]                      // a space
    [InlineData("?crc_token=a%0Ab")]
    [InlineData("?crc_token=a%09b")]
    public void Crc_token_that_could_be_a_delivery_is_not_answered(string query)
    {
        Expect.Failed(FailureCode.MalformedSignature, Request.Get(query).VerifyWith(Verifier(Secret)));
    }

    [Fact]
    public void Crc_token_is_answered_up_to_256_characters_only()
    {
        var verifier = Verifier(Secret);
        Expect.Challenge(Request.Get("?crc_token=" + new string('a', 256)).VerifyWith(verifier));
        Expect.Failed(FailureCode.MalformedSignature, Request.Get("?crc_token=" + new string('a', 257)).VerifyWith(verifier));
    }

    [Fact]
    public void Get_without_a_token_and_post_with_one_need_a_signature()
    {
        Expect.Failed(FailureCode.MissingSignature, Request.Get().VerifyWith(Verifier(Secret)));
        Expect.Failed(FailureCode.MissingSignature, Request.Post(DefaultBody).WithQuery("?crc_token=abc").VerifyWith(Verifier(Secret)));
    }

    /// <summary>
    /// The CRC answer is an HMAC under the delivery key of the token: sent back as a delivery of the token, or of the
    /// token in any body X could be asked about, it must not verify.
    /// </summary>
    [Theory]
    [InlineData("abc")]
    [InlineData("9b4507b3-9040-4669-9ca3-6b94edb50553")]
    [InlineData("[1,2]")]
    [InlineData("true")]
    [InlineData("%5B%5D")]
    public void Crc_answer_is_not_the_signature_of_any_delivery(string token)
    {
        var verifier = Verifier(Secret);
        var answer = ResponseToken(Expect.Challenge(Request.Get("?crc_token=" + token).VerifyWith(verifier)).Body);
        var signedToken = Uri.UnescapeDataString(token);
        var replay = Request.Post(signedToken).Header("x-twitter-webhooks-signature", answer);
        Expect.Failed(FailureCode.InvalidSignature, replay.VerifyWith(verifier));
    }

    [Fact]
    public void Property_no_answerable_token_yields_a_delivery_signature()
    {
        var random = new Random(31);
        var verifier = Verifier(Secret);
        const string alphabet = "abcXYZ019-_.~!#$%&'()*+,/;<=>?@[\\]^`|\u00e9\u4e2d";
        for (var i = 0; i < 500; i++)
        {
            var token = new string([.. Enumerable.Range(0, random.Next(1, 40)).Select(_ => alphabet[random.Next(alphabet.Length)])]);
            var result = Request.Get("?crc_token=" + Uri.EscapeDataString(token)).VerifyWith(verifier);
            var answer = ResponseToken(Expect.Challenge(result).Body);
            Expect.Failed(FailureCode.InvalidSignature, Request.Post(token).Header("x-twitter-webhooks-signature", answer).VerifyWith(verifier));
        }
    }

    [Fact]
    public void Signed_body_without_a_brace_is_refused_even_though_the_signature_holds()
    {
        var body = "not-json"u8.ToArray();
        Expect.Failed(FailureCode.InvalidSignature, Signed(Secret, body, Now).VerifyWith(Verifier(Secret)));
    }

    [Fact]
    public void Deliveries_carry_no_id_and_are_keyed_by_content()
    {
        var verifier = Verifier(Secret);
        Assert.Null(Expect.Verified(Valid().VerifyWith(verifier)).DeliveryId);
        Assert.Equal(IdempotencyKeyKind.Content, verifier.DefaultKeyKind);
    }

    [Fact]
    public void Sign_verb_output_verifies()
    {
        var problems = new List<SettingProblem>();
        var signer = ProviderCatalogue.CreateSigner("twitter", Secret, new ProviderSettings(), problems)!;
        var headers = new List<KeyValuePair<string, string>>();
        signer.Sign(new SigningInput(DefaultBody, Now, "unused"), headers);
        var request = Request.Post(DefaultBody);
        headers.ForEach(h => request.Header(h.Key, h.Value));
        Expect.Verified(request.VerifyWith(Verifier(Secret)));
    }
}
