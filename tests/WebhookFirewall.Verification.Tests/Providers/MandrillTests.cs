using System.Text;
using WebhookFirewall.Verification;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>
/// Mandrill publishes no vector. Requests are signed here as its reference steps and PHP sample sign them
/// (mandrill.zendesk.com/hc/en-us/articles/360039232513-How-to-Authenticate-Webhook-Requests: the URL exactly as
/// entered, then each POST variable sorted by key, key + value, no delimiter; HMAC-SHA1 with the webhook key; base64),
/// the form decoded as PHP's $_POST decodes it.
/// </summary>
public sealed class MandrillTests : BodySigningProviderContract
{
    private const string Header = "X-Mandrill-Signature";
    private const string PublicUrl = "https://hooks.example.com/mandrill/events?route=a";

    protected override string Provider => "mandrill";

    protected override string SignatureHeader => Header;

    protected override ProviderSettings Settings(params string[] secrets) => new() { Secrets = secrets, PublicUrl = PublicUrl };

    protected override IEnumerable<string> MalformedSignatures =>
    [
        "",
        PresetSign.Sha1Hex(Secret, DefaultBody),            // hex where base64 is expected
        Convert.ToBase64String(new byte[32]),               // SHA-256 sized: Mandrill signs with SHA-1
        Convert.ToBase64String(new byte[19]),
        "sha1=" + Convert.ToBase64String(new byte[20]),
    ];

    /// <summary>As Mandrill posts: one form field, mandrill_events, holding the JSON array of events.</summary>
    protected override Request Signed(string secret, byte[] body, DateTimeOffset signedAt)
    {
        var events = Encoding.UTF8.GetString(body);
        var form = "mandrill_events=" + Uri.EscapeDataString(events);
        return Request.Post(form).WithQuery("?route=a")
            .Header("Content-Type", "application/x-www-form-urlencoded")
            .Header(Header, Reference(secret, PublicUrl, [new("mandrill_events", events)]));
    }

    /// <summary>generateSignature: the URL, then ksort($_POST) key + value; HMAC-SHA1, base64.</summary>
    private static string Reference(string key, string url, KeyValuePair<string, string>[] post)
    {
        var text = new StringBuilder(url);
        foreach (var (name, value) in post.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            text.Append(name).Append(value);
        }

        return Convert.ToBase64String(PresetSign.HmacSha1(key, Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>The HEAD probe, unsigned: anyone can send it, to any query.</summary>
    protected override IEnumerable<Request> HandshakesCarrying(string secret, string chosen) => [Request.Head().WithQuery("?" + SenderText.Query(chosen))];

    /// <summary>A field added, a value changed, or a query added to the URL.</summary>
    protected override void Mutate(Request request, Random random)
    {
        switch (random.Next(3))
        {
            case 0:
                request.WithBody([.. request.Body, .. Encoding.UTF8.GetBytes($"&extra={random.Next()}")]);
                break;
            case 1:
                request.WithQuery($"?route=a&x={random.Next()}");
                break;
            default:
                request.WithBody([.. request.Body, (byte)'0']);
                break;
        }
    }

    // Computed, not published: key, URL and body chosen here, signed as the reference steps say.
    [Fact]
    public void Computed_vector_verifies()
    {
        var verifier = Verifiers.Create("mandrill", new ProviderSettings { Secrets = ["test-webhook-key"], PublicUrl = "https://example.com/hooks/mandrill?route=a" });
        var request = Request.Post("mandrill_events=%5B%7B%22event%22%3A%22send%22%2C%22_id%22%3A%22abc123%22%2C%22ts%22%3A1700000000%7D%5D")
            .WithQuery("?route=a").Header(Header, "9UzxIzgvVguDFQEeZ8245RFaKL4=");
        var result = Expect.Verified(request.VerifyWith(verifier));
        Assert.StartsWith("sha256:", result.DeliveryId, StringComparison.Ordinal);
        Assert.Equal("https://example.com/hooks/mandrill?route=a", result.SignedUrl);
        Assert.Equal("9UzxIzgvVguDFQEeZ8245RFaKL4=", Reference("test-webhook-key", "https://example.com/hooks/mandrill?route=a", [new("mandrill_events", """[{"event":"send","_id":"abc123","ts":1700000000}]""")]));
    }

    /// <summary>The URL is signed exactly as entered: a trailing slash, or another query, is another URL.</summary>
    [Fact]
    public void Url_is_signed_exactly_as_configured()
    {
        var withSlash = Verifiers.Create("mandrill", new ProviderSettings { Secrets = [Secret], PublicUrl = "https://hooks.example.com/mandrill/events/?route=a" });
        Expect.Failed(FailureCode.InvalidSignature, Valid().VerifyWith(withSlash));
        Expect.Failed(FailureCode.InvalidSignature, Valid().WithQuery("?route=b").VerifyWith(Verifier(Secret)));
        Expect.Failed(FailureCode.InvalidSignature, Valid().WithQuery(string.Empty).VerifyWith(Verifier(Secret)));
    }

    /// <summary>The fields are signed decoded and sorted, so re-encoding or reordering keeps the signature — and the id.</summary>
    [Fact]
    public void Re_encoded_or_reordered_fields_verify_with_the_same_delivery_id()
    {
        var post = new KeyValuePair<string, string>[] { new("mandrill_events", "[]"), new("b", "x y") };
        var signature = Reference(Secret, PublicUrl, post);
        var first = Request.Post("mandrill_events=%5B%5D&b=x+y").WithQuery("?route=a").Header(Header, signature);
        var second = Request.Post("b=x%20y&mandrill_events=[]").WithQuery("?route=a").Header(Header, signature);
        var a = Expect.Verified(first.VerifyWith(Verifier(Secret)));
        var b = Expect.Verified(second.VerifyWith(Verifier(Secret)));
        Assert.Equal(a.DeliveryId, b.DeliveryId);
        Assert.Equal(IdempotencyKeyKind.DeliveryId, Verifier(Secret).DefaultKeyKind);
    }

    [Fact]
    public void Repeated_field_name_is_malformed()
    {
        var request = Request.Post("mandrill_events=%5B%5D&mandrill_events=%5B%5D").WithQuery("?route=a").Header(Header, Reference(Secret, PublicUrl, [new("mandrill_events", "[]")]));
        Expect.Failed(FailureCode.MalformedSignature, request.VerifyWith(Verifier(Secret)));
    }

    /// <summary>When a webhook is added, Mandrill sends HEAD and wants 200; otherwise it POSTs a test signed with 'test-webhook'.</summary>
    [Fact]
    public void Head_probe_is_answered_200_with_no_body()
    {
        var response = Expect.Challenge(Request.Head().VerifyWith(Verifier(Secret)));
        Assert.Equal(200, response.StatusCode);
        Assert.Empty(response.Body);
        Assert.Null(response.ContentType);
    }

    /// <summary>The probe's answer is empty: it is no signature of anything, and an empty signature verifies nothing.</summary>
    [Fact]
    public void Head_answer_is_not_a_signature_of_any_delivery()
    {
        var answer = Expect.Challenge(Request.Head().VerifyWith(Verifier(Secret))).Body;
        var forged = Request.Post("mandrill_events=%5B%5D").WithQuery("?route=a").Header(Header, answer);
        Expect.Failed(FailureCode.MalformedSignature, forged.VerifyWith(Verifier(Secret)));
        Expect.Failed(FailureCode.MissingSignature, Request.Get().WithQuery("?route=a").VerifyWith(Verifier(Secret)));
    }

    /// <summary>The fallback test POST Mandrill signs with the generic key 'test-webhook' is not ours and is refused.</summary>
    [Fact]
    public void Generic_key_test_post_is_invalid()
    {
        var request = Request.Post("mandrill_events=%5B%5D").WithQuery("?route=a").Header(Header, Reference("test-webhook", PublicUrl, [new("mandrill_events", "[]")]));
        Expect.Failed(FailureCode.InvalidSignature, request.VerifyWith(Verifier(Secret)));
    }

    [Fact]
    public void Public_url_is_required()
    {
        Assert.Contains(Verifiers.Problems("mandrill", new ProviderSettings { Secrets = [Secret] }), p => p.Key == "PublicUrl");
    }

    /// <summary>Only the HEAD probe is unsigned, and it echoes nothing.</summary>
    protected override bool IsUnsignedEcho(Request request, VerificationResult result)
    {
        if (result.Outcome != VerificationOutcome.Challenge)
        {
            return false;
        }

        Assert.Equal("HEAD", request.Method);
        Assert.Empty(result.Handshake!.Body);
        return true;
    }

    [Fact]
    public void Sign_verb_output_verifies()
    {
        var problems = new List<SettingProblem>();
        var signer = ProviderCatalogue.CreateSigner("mandrill", Secret, new ProviderSettings { PublicUrl = PublicUrl }, problems);
        Assert.Empty(problems);
        var body = "mandrill_events=%5B%7B%22event%22%3A%22open%22%7D%5D"u8.ToArray();
        var headers = new List<KeyValuePair<string, string>>();
        signer!.Sign(new SigningInput(body, Now, "unused"), headers);
        Expect.Verified(Request.Post(body).WithQuery("?route=a").Header(Header, Assert.Single(headers).Value).VerifyWith(Verifier(Secret)));
    }
}
