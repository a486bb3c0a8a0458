using System.Text;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>
/// Published vectors: square/square-python-sdk, tests/utilities/test_webhooks_helper.py (the same cases are in Square's
/// other SDKs). The contract cases are signed as that SDK's square/utilities/webhooks_helper.py does: base64
/// HMAC-SHA256 of notification URL + body.
/// </summary>
public sealed class SquareTests : BodySigningProviderContract
{
    private const string PublicUrl = "https://hooks.example.com/square/payments";

    // test_signature_validation_pass and its neighbours.
    private const string VectorKey = "Ibxx_5AKakO-3qeNVR61Dw";
    private const string VectorUrl = "https://webhook.site/679a4f3a-dcfa-49ee-bac5-9d0edad886b9";
    private const string VectorSignature = "GF4YkrJgGBDZ9NIYbNXBnMzqb2HoL4RW/S6vkZ9/2N4=";
    private const string VectorBody = """{"merchant_id":"MLEFBHHSJGVHD","type":"webhooks.test_notification","event_id":"ac3ac95b-f97d-458c-a6e6-18981597e05f","created_at":"2022-07-13T20:30:59.037339943Z","data":{"type":"webhooks","id":"bc368e64-01aa-407e-b46e-3231809b1129"}}""";

    protected override string Provider => "square";

    protected override string SignatureHeader => "x-square-hmacsha256-signature";

    protected override ProviderSettings Settings(params string[] secrets) => new() { Secrets = secrets, PublicUrl = PublicUrl };

    protected override IEnumerable<string> MalformedSignatures =>
    [
        Sign.Sha256Hex(Secret, DefaultBody),
        "sha256=" + Sign.Sha256Base64(Secret, DefaultBody),
        Convert.ToBase64String(new byte[20]),
        "1z2n3DEJJiUPKcPzQo1ftvbxGdw=",           // test_signature_validation_invalid_signature_header: 20 bytes, not a SHA-256 MAC
        "",
    ];

    protected override Request Signed(string secret, byte[] body, DateTimeOffset signedAt) =>
        Request.Post(body).Header("x-square-hmacsha256-signature", PresetSign.Square(secret, PublicUrl, body));

    /// <summary>A query added to the signed URL, or a changed body.</summary>
    protected override void Mutate(Request request, Random random)
    {
        if (random.Next(2) == 0)
        {
            request.WithQuery($"?x={random.Next()}");
        }
        else
        {
            base.Mutate(request, random);
        }
    }

    private static IWebhookVerifier VectorVerifier(string key = VectorKey, string url = VectorUrl) =>
        Verifiers.Create("square", new ProviderSettings { Secrets = [key], PublicUrl = url });

    private static Request Vector(string body = VectorBody) => Request.Post(body).Header("x-square-hmacsha256-signature", VectorSignature);

    [Fact]
    public void Square_sdk_vector_verifies_with_event_id_as_delivery_id()
    {
        Assert.Equal("ac3ac95b-f97d-458c-a6e6-18981597e05f", Expect.Verified(Vector().VerifyWith(VectorVerifier())).DeliveryId);
    }

    // test_signature_validation_escaped_pass: the body is signed as sent, '>' and '<' unescaped.
    [Fact]
    public void Square_sdk_escaped_characters_vector_verifies()
    {
        var request = Request.Post("""{"data":{"type":"webhooks","id":">id<"}}""").Header("x-square-hmacsha256-signature", "Cxt7+aTi4rKgcA0bC4g9EHdVtLSDWdqccmL5MvihU4U=");
        Expect.Verified(request.VerifyWith(VectorVerifier("signature-key", "https://webhook.site/webhooks")));
        var escaped = Request.Post("""{"data":{"type":"webhooks","id":"\u003eid\u003c"}}""").Header("x-square-hmacsha256-signature", "Cxt7+aTi4rKgcA0bC4g9EHdVtLSDWdqccmL5MvihU4U=");
        Expect.Failed(FailureCode.InvalidSignature, escaped.VerifyWith(VectorVerifier("signature-key", "https://webhook.site/webhooks")));
    }

    // test_signature_validation_url_mismatch, _invalid_signature_key, _body_mismatch, _body_formatted.
    [Fact]
    public void Square_sdk_negative_cases_are_invalid_signature()
    {
        Expect.Failed(FailureCode.InvalidSignature, Vector().VerifyWith(VectorVerifier(url: "https://webhook.site/79a4f3a-dcfa-49ee-bac5-9d0edad886b9")));
        Expect.Failed(FailureCode.InvalidSignature, Vector().VerifyWith(VectorVerifier(key: "MCmhFRxGX82xMwg5FsaoQA")));
        Expect.Failed(FailureCode.InvalidSignature, Vector(VectorBody.Replace("2022-07-13", "2022-06-13", StringComparison.Ordinal)).VerifyWith(VectorVerifier()));
        Expect.Failed(FailureCode.InvalidSignature, Vector(VectorBody.Replace(",", ",\n  ", StringComparison.Ordinal)).VerifyWith(VectorVerifier()));
    }

    [Fact]
    public void Request_query_string_is_appended_when_the_public_url_has_none()
    {
        var body = Encoding.UTF8.GetBytes(VectorBody);
        var request = Request.Post(body).WithQuery("?tenant=7").Header("x-square-hmacsha256-signature", PresetSign.Square(Secret, PublicUrl + "?tenant=7", body));
        Expect.Verified(request.VerifyWith(Verifier(Secret)));
        Expect.Failed(FailureCode.InvalidSignature, request.Clone().WithQuery("?tenant=8").VerifyWith(Verifier(Secret)));
        Expect.Failed(FailureCode.InvalidSignature, request.Clone().WithQuery(string.Empty).VerifyWith(Verifier(Secret)));
    }

    [Fact]
    public void Public_url_with_its_own_query_string_is_signed_as_configured_and_requested_only_with_it()
    {
        const string url = PublicUrl + "?tenant=7";
        var verifier = Verifiers.Create("square", new ProviderSettings { Secrets = [Secret], PublicUrl = url });
        var body = Encoding.UTF8.GetBytes(VectorBody);
        var request = Request.Post(body).WithQuery("?tenant=7").Header("x-square-hmacsha256-signature", PresetSign.Square(Secret, url, body));
        Expect.Verified(request.VerifyWith(verifier));
        Expect.Failed(FailureCode.InvalidSignature, request.Clone().WithQuery("?tenant=7&other=1").VerifyWith(verifier));
        Expect.Failed(FailureCode.InvalidSignature, request.Clone().WithQuery("?tenant=evil").VerifyWith(verifier));
    }

    // Square signs the URL as registered: unlike Twilio's SDKs, Square's try no port variants.
    [Fact]
    public void Default_port_is_not_added_or_removed()
    {
        var body = Encoding.UTF8.GetBytes(VectorBody);
        var request = Request.Post(body).Header("x-square-hmacsha256-signature", PresetSign.Square(Secret, "https://hooks.example.com:443/square/payments", body));
        Expect.Failed(FailureCode.InvalidSignature, request.VerifyWith(Verifier(Secret)));
    }

    [Fact]
    public void Public_url_is_required()
    {
        Assert.Contains(Verifiers.Problems("square", new ProviderSettings { Secrets = [Secret] }), p => p.Key == "PublicUrl");
        Assert.Contains(Verifiers.Problems("square", new ProviderSettings { Secrets = [Secret], PublicUrl = "hooks.example.com/square" }), p => p.Key == "PublicUrl");
    }
}
