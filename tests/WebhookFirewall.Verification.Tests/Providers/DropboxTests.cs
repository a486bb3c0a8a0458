using WebhookFirewall.Verification;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>
/// Dropbox: hex HMAC-SHA256 of the body. Dropbox publishes no vector; the one here is third-party, from a Dropbox
/// webhook plugin's test suite (christophercliff/hapi-dropbox-webhooks: test/index.js, app secret `the_secret`).
/// </summary>
public sealed class DropboxTests : BodySigningProviderContract
{
    protected override string Provider => "dropbox";

    protected override string SignatureHeader => "X-Dropbox-Signature";

    protected override IEnumerable<string> MalformedSignatures =>
    [
        "sha256=" + Sign.Sha256Hex(Secret, DefaultBody),
        new string('x', 64),                          // the plugin's own "bogus signature"
        new string('a', 63),
        Convert.ToBase64String(new byte[32]),
        "",
    ];

    protected override Request Signed(string secret, byte[] body, DateTimeOffset signedAt) =>
        Request.Post(body).Header("X-Dropbox-Signature", Sign.Sha256Hex(secret, body));

    /// <summary>The unsigned GET challenge is answered by design, with exactly the echoed challenge.</summary>
    protected override bool IsUnsignedEcho(Request request, VerificationResult result) => UnsignedEchoes.IsQueryChallengeEcho("dropbox", request, result);

    /// <summary>The challenge GET, unsigned: anyone can send it, with any challenge.</summary>
    protected override IEnumerable<Request> HandshakesCarrying(string secret, string chosen) => [Request.Get("?challenge=" + SenderText.Query(chosen))];

    [Fact]
    public void Plugin_vector_verifies()
    {
        var request = Request.Post("""{"delta": {"users": [12345]}}""")
            .Header("X-Dropbox-Signature", "0a8c16b085420b960dc78664279fe09e936a2a01b1f91064869d9e77dfd64529");
        var verifier = Verifiers.Create("dropbox", "the_secret");
        Assert.Null(Expect.Verified(request.VerifyWith(verifier)).DeliveryId);
        Expect.Failed(FailureCode.InvalidSignature, request.Clone().WithBody("""{"delta":{"users":[12345]}}""").VerifyWith(verifier));
    }

    [Fact]
    public void Challenge_get_is_echoed_as_plain_text_with_nosniff()
    {
        var response = Expect.Challenge(Request.Get("?challenge=the_challenge").VerifyWith(Verifier(Secret)));
        Assert.Equal(200, response.StatusCode);
        Assert.StartsWith("text/plain", response.ContentType, StringComparison.Ordinal);
        Assert.Equal("the_challenge", response.Body);
        Assert.Contains(new KeyValuePair<string, string>("X-Content-Type-Options", "nosniff"), response.Headers);
    }

    [Fact]
    public void Challenge_is_decoded_and_echoed_exactly()
    {
        var response = Expect.Challenge(Request.Get("?challenge=%3Cb%3Ehi%3C%2Fb%3E").VerifyWith(Verifier(Secret)));
        Assert.Equal("<b>hi</b>", response.Body);
    }

    [Theory]
    [InlineData("?challenge=a&challenge=b")]
    [InlineData("?challenge=")]
    public void Repeated_or_empty_challenge_is_malformed(string query)
    {
        Expect.Failed(FailureCode.MalformedSignature, Request.Get(query).VerifyWith(Verifier(Secret)));
    }

    [Fact]
    public void Get_without_a_challenge_and_post_with_one_need_a_signature()
    {
        Expect.Failed(FailureCode.MissingSignature, Request.Get().VerifyWith(Verifier(Secret)));
        Expect.Failed(FailureCode.MissingSignature, Request.Post(DefaultBody).WithQuery("?challenge=x").VerifyWith(Verifier(Secret)));
    }
}
