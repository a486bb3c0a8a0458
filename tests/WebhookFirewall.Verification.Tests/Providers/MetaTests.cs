using WebhookFirewall.Verification;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>Meta has no published vector: signed here as Meta documents it (hex HMAC-SHA256 of the body, app secret).</summary>
public sealed class MetaTests : BodySigningProviderContract
{
    private const string VerifyToken = "meatyhamhock";

    protected override string Provider => "meta";

    protected override string SignatureHeader => "X-Hub-Signature-256";

    protected override ProviderSettings Settings(params string[] secrets) => new() { Secrets = secrets, VerifyToken = VerifyToken };

    protected override IEnumerable<string> MalformedSignatures =>
    [
        Sign.Sha256Hex(Secret, DefaultBody),
        "sha1=" + new string('a', 40),
        "sha256=" + new string('g', 64),
        "sha256=" + new string('a', 63),
        "sha256=" + new string('a', 128),
    ];

    protected override Request Signed(string secret, byte[] body, DateTimeOffset signedAt) =>
        Request.Post(body).Header("X-Hub-Signature-256", "sha256=" + Sign.Sha256Hex(secret, body));

    /// <summary>The subscription GET, unsigned and proved by the verify token: its sender chooses the challenge.</summary>
    protected override IEnumerable<Request> HandshakesCarrying(string secret, string chosen) =>
        [Request.Get($"?hub.mode=subscribe&hub.verify_token={VerifyToken}&hub.challenge={SenderText.Query(chosen)}")];

    [Fact]
    public void Subscribe_handshake_with_the_verify_token_answers_the_challenge_as_plain_text()
    {
        var request = Request.Get($"?hub.mode=subscribe&hub.verify_token={VerifyToken}&hub.challenge=1158201444");
        var response = Expect.Challenge(request.VerifyWith(Verifier(Secret)));
        Assert.Equal(200, response.StatusCode);
        Assert.StartsWith("text/plain", response.ContentType, StringComparison.Ordinal);
        Assert.Equal("1158201444", response.Body);
    }

    [Fact]
    public void Percent_encoded_verify_token_is_decoded_before_comparison()
    {
        var verifier = Verifiers.Create("meta", new ProviderSettings { Secrets = [Secret], VerifyToken = "a token&more" });
        var request = Request.Get("?hub.mode=subscribe&hub.verify_token=a%20token%26more&hub.challenge=42");
        Assert.Equal("42", Expect.Challenge(request.VerifyWith(verifier)).Body);
    }

    [Theory]
    [InlineData("?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1158201444")]
    [InlineData("?hub.mode=subscribe&hub.verify_token=&hub.challenge=1158201444")]
    [InlineData("?hub.mode=subscribe&hub.challenge=1158201444")]
    [InlineData("?hub.mode=subscribe&hub.verify_token=meatyhamhockx&hub.challenge=1")]
    [InlineData("?hub.mode=unsubscribe&hub.verify_token=meatyhamhock&hub.challenge=1")]
    [InlineData("?hub.mode=subscribe&hub.verify_token=meatyhamhock&hub.verify_token=meatyhamhock&hub.challenge=1")]
    public void Handshake_without_the_right_verify_token_is_invalid_verify_token(string query)
    {
        Expect.Failed(FailureCode.InvalidVerifyToken, Request.Get(query).VerifyWith(Verifier(Secret)));
    }

    [Fact]
    public void Plain_get_without_hub_mode_is_missing_signature()
    {
        Expect.Failed(FailureCode.MissingSignature, Request.Get().VerifyWith(Verifier(Secret)));
        Expect.Failed(FailureCode.MissingSignature, Request.Get("?hub.challenge=1").VerifyWith(Verifier(Secret)));
    }

    [Fact]
    public void Post_carrying_handshake_parameters_still_needs_a_signature()
    {
        var request = Request.Post(DefaultBody).WithQuery($"?hub.mode=subscribe&hub.verify_token={VerifyToken}&hub.challenge=1");
        Expect.Failed(FailureCode.MissingSignature, request.VerifyWith(Verifier(Secret)));
    }

    [Fact]
    public void Verified_delivery_has_no_id_since_meta_puts_ids_inside_entries()
    {
        Assert.Null(Expect.Verified(Valid().VerifyWith(Verifier(Secret))).DeliveryId);
    }
}
