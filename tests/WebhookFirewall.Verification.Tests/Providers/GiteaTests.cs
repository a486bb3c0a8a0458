using System.Text;
using WebhookFirewall.Verification;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>
/// Gitea publishes no vector. Signed here as Gitea's webhook sender signs, with the BCL
/// (go-gitea/gitea@50e782654e78d86288b79bdb5facd69078088bb0 services/webhook/deliver.go, newDefaultRequest and
/// addDefaultHeaders): `X-Gitea-Signature` is hex HMAC-SHA256 of the payload JSON with the webhook secret; with the
/// form content type the body is `url.Values{"payload": {json}}.Encode()` and the JSON, not the body, is signed.
/// </summary>
public sealed class GiteaTests : BodySigningProviderContract
{
    private const string Payload = """{"ref":"refs/heads/main","before":"0000000000000000000000000000000000000000","commits":[{"message":"fix: a + b = c & d\n"}],"repository":{"full_name":"gitea/tea"}}""";

    protected override string Provider => "gitea";

    protected override string SignatureHeader => "X-Gitea-Signature";

    /// <summary>The empty value among them is what Gitea sends for a webhook without a secret.</summary>
    protected override IEnumerable<string> MalformedSignatures => MalformedMacs.Hex();

    protected override Request Signed(string secret, byte[] body, DateTimeOffset signedAt) => Delivery(secret, body, body);

    private static Request Delivery(string secret, byte[] body, byte[] signed) =>
        Request.Post(body)
            .Header("X-Gitea-Signature", Sign.Sha256Hex(secret, signed))
            .Header("X-Gitea-Delivery", "7e3f2a52-7b4f-4f7e-9c55-4b2f6c1b7d10")
            .Header("X-Gitea-Event", "push");

    /// <summary>Go's `url.QueryEscape`: RFC 3986 unreserved characters kept, a space as '+', the rest %XX upper case.</summary>
    private static string GoForm(string payload) => "payload=" + Uri.EscapeDataString(payload).Replace("%20", "+", StringComparison.Ordinal);

    [Fact]
    public void Json_content_type_signs_the_body()
    {
        var body = Encoding.UTF8.GetBytes(Payload);
        var verifier = Verifier(Secret);
        var result = Expect.Verified(Delivery(Secret, body, body).VerifyWith(verifier));
        Assert.Equal("7e3f2a52-7b4f-4f7e-9c55-4b2f6c1b7d10", result.DeliveryId);
        Assert.Equal(IdempotencyKeyKind.Content, verifier.DefaultKeyKind);
        Assert.Equal("X-Gitea-Event", verifier.Info.EventTypeHeader);
    }

    [Fact]
    public void Form_content_type_signs_the_payload_field_not_the_body()
    {
        var form = Encoding.UTF8.GetBytes(GoForm(Payload));
        var verifier = Verifier(Secret);
        Expect.Verified(Delivery(Secret, form, Encoding.UTF8.GetBytes(Payload)).VerifyWith(verifier));
        Expect.Failed(FailureCode.InvalidSignature, Delivery(Secret, form, form).VerifyWith(verifier));
        Expect.Failed(FailureCode.InvalidSignature, Delivery(WrongSecret, form, Encoding.UTF8.GetBytes(Payload)).VerifyWith(verifier));
    }

    [Theory]
    [InlineData("%20")]        // a space Go writes as '+'
    [InlineData("lower")]      // lower-case escapes
    [InlineData("extra")]      // a field Gitea never sends
    [InlineData("unreserved")] // an escape of a character Go leaves as it is
    [InlineData("raw")]        // a character Go escapes, left raw
    [InlineData("truncated")]
    public void Form_body_other_than_the_one_gitea_writes_is_refused(string change)
    {
        var form = GoForm(Payload);
        var altered = change switch
        {
            "%20" => form.Replace("+", "%20", StringComparison.Ordinal),
            "lower" => form.Replace("%7B", "%7b", StringComparison.Ordinal),
            "extra" => form + "&secret=1",
            "unreserved" => form.Replace("ref", "%72ef", StringComparison.Ordinal),
            "raw" => form.Replace("%3A", ":", StringComparison.Ordinal),
            _ => form[..^1],
        };
        Assert.NotEqual(form, altered);
        var request = Delivery(Secret, Encoding.UTF8.GetBytes(altered), Encoding.UTF8.GetBytes(Payload));
        Expect.Failed(FailureCode.InvalidSignature, request.VerifyWith(Verifier(Secret)));
    }

    [Fact]
    public void Sign_verb_signs_the_payload_of_a_form_body()
    {
        var form = Encoding.UTF8.GetBytes(GoForm(Payload));
        var problems = new List<SettingProblem>();
        var signer = ProviderCatalogue.CreateSigner("gitea", Secret, new ProviderSettings(), problems)!;
        var headers = new List<KeyValuePair<string, string>>();
        signer.Sign(new SigningInput(form, Now, "unused"), headers);
        Assert.Contains(new KeyValuePair<string, string>("X-Gitea-Signature", Sign.Sha256Hex(Secret, Payload)), headers);
    }

    [Fact]
    public void Get_deliveries_with_the_payload_in_the_query_are_not_verified()
    {
        var request = Request.Get("?" + GoForm(Payload)).Header("X-Gitea-Signature", Sign.Sha256Hex(Secret, Payload));
        Expect.Failed(FailureCode.InvalidSignature, request.VerifyWith(Verifier(Secret)));
    }
}
