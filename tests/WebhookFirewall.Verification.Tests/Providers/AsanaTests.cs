using WebhookFirewall.Verification;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>
/// Asana: hex HMAC-SHA256 of the body with the secret from config. No fixed vector is used; requests are signed
/// here with the BCL's HMAC, independently of the library. The handshake secret is Asana's own example
/// (developers.asana.com, "Establish a webhook"): echoed, and never used to verify anything.
/// </summary>
public sealed class AsanaTests : BodySigningProviderContract
{
    private const string HandshakeSecret = "b537207f20cbfa02357cf448134da559e8bd39d61597dcd5631b8012eae53e81";

    protected override string Provider => "asana";

    protected override string SignatureHeader => "X-Hook-Signature";

    protected override IEnumerable<string> MalformedSignatures =>
    [
        "sha256=" + Sign.Sha256Hex(Secret, DefaultBody),
        new string('g', 64),
        new string('a', 63),
        Convert.ToBase64String(new byte[32]),
        "",
    ];

    protected override Request Signed(string secret, byte[] body, DateTimeOffset signedAt) =>
        Request.Post(body).Header("X-Hook-Signature", Sign.Sha256Hex(secret, body));

    /// <summary>The establishing POST is answered by design, with exactly the echoed X-Hook-Secret and nothing else.</summary>
    protected override bool IsUnsignedEcho(Request request, VerificationResult result)
    {
        if (result.Outcome != VerificationOutcome.Challenge)
        {
            return false;
        }

        var secret = request.Headers.Get("X-Hook-Secret");
        Assert.True(request.Method == "POST" && secret.Presence == HeaderPresence.Single, $"asana answered a {request.Method} without one X-Hook-Secret");
        Assert.Equal([new KeyValuePair<string, string>("X-Hook-Secret", secret.Value!)], result.Handshake!.Headers);
        Assert.Empty(result.Handshake.Body);
        return true;
    }

    /// <summary>The establishing POST, unsigned: anyone can send it, with any X-Hook-Secret and any body.</summary>
    protected override IEnumerable<Request> HandshakesCarrying(string secret, string chosen) => [Request.Post(chosen).Header("X-Hook-Secret", chosen)];

    [Fact]
    public void Handshake_is_answered_200_with_the_secret_echoed_and_no_body()
    {
        var response = Expect.Challenge(Request.Post([]).Header("X-Hook-Secret", HandshakeSecret).VerifyWith(Verifier(Secret)));
        Assert.Equal(200, response.StatusCode);
        Assert.Null(response.ContentType);
        Assert.Empty(response.Body);
        Assert.Equal([new KeyValuePair<string, string>("X-Hook-Secret", HandshakeSecret)], response.Headers);
    }

    /// <summary>Trust on first use would let whoever sends the first handshake sign every later delivery.</summary>
    [Fact]
    public void Handshake_never_installs_its_secret()
    {
        var verifier = Verifier(Secret);
        Expect.Challenge(Request.Post([]).Header("X-Hook-Secret", WrongSecret.Replace(' ', '-')).VerifyWith(verifier));
        Expect.Failed(FailureCode.InvalidSignature, Signed(WrongSecret.Replace(' ', '-'), DefaultBody, Now).VerifyWith(verifier));
        Expect.Verified(Valid().VerifyWith(verifier));
    }

    [Fact]
    public void Policy_without_a_secret_answers_the_handshake_and_refuses_every_delivery()
    {
        var verifier = Verifiers.Create("asana", new ProviderSettings());
        Assert.Equal(HandshakeSecret, Expect.Challenge(Request.Post([]).Header("X-Hook-Secret", HandshakeSecret).VerifyWith(verifier)).Headers[0].Value);
        Expect.Failed(FailureCode.InvalidSignature, Signed(HandshakeSecret, DefaultBody, Now).VerifyWith(verifier));
        Expect.Failed(FailureCode.InvalidSignature, Signed(string.Empty, DefaultBody, Now).VerifyWith(verifier));
    }

    /// <summary>An empty HMAC key is one anyone can sign with.</summary>
    [Fact]
    public void Empty_secret_is_refused_at_config_time()
    {
        Assert.Contains(Verifiers.Problems("asana", new ProviderSettings { Secrets = [Secret, ""] }), p => p.Key == "Secrets:1");
    }

    [Theory]
    [InlineData("")]
    [InlineData("two words")]
    [InlineData("line\nbreak")]
    [InlineData("é")]
    public void Handshake_secret_that_cannot_be_echoed_in_a_header_is_malformed(string secret)
    {
        Expect.Failed(FailureCode.MalformedSignature, Request.Post([]).Header("X-Hook-Secret", secret).VerifyWith(Verifier(Secret)));
    }

    [Fact]
    public void Repeated_handshake_secret_is_malformed()
    {
        var request = Request.Post([]).Header("X-Hook-Secret", HandshakeSecret).Header("X-Hook-Secret", "other");
        Expect.Failed(FailureCode.MalformedSignature, request.VerifyWith(Verifier(Secret)));
    }

    [Fact]
    public void Deliveries_have_no_id()
    {
        var body = """{"events":[{"action":"changed","resource":{"gid":"1","resource_type":"task"}}]}""";
        Assert.Null(Expect.Verified(Signed(Secret, System.Text.Encoding.UTF8.GetBytes(body), Now).VerifyWith(Verifier(Secret))).DeliveryId);
    }
}
