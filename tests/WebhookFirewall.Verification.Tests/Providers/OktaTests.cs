using System.Text.Json;
using WebhookFirewall.Verification;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>
/// Okta event hooks: the configured secret in `Authorization`. The one-time verification GET is answered only when
/// it carries the secret, as Okta sends it (Okta's support article on failed hook verification shows the GET with
/// `Authorization: my-shared-secret` and `X-Okta-Verification-Challenge`).
/// </summary>
public sealed class OktaTests : TokenProviderContract
{
    private const string Challenge = "Me_rShK8JHsTnbyYrWXCEoMGbM_zsZ6k0hLPZ_Pg";

    protected override string Provider => "okta";

    protected override string SignatureHeader => "Authorization";

    protected override Request Post(byte[] body) => Request.Post(body);

    /// <summary>The verification GET, authenticated with the secret: Okta chooses its challenge.</summary>
    protected override IEnumerable<Request> HandshakesCarrying(string secret, string chosen) =>
        [Request.Get().Header("Authorization", secret).Header("X-Okta-Verification-Challenge", chosen)];

    [Fact]
    public void Verification_get_with_the_secret_is_answered_as_json()
    {
        var request = Request.Get().Header("Authorization", Secret).Header("X-Okta-Verification-Challenge", Challenge);
        var result = request.VerifyWith(Verifier(Secret, PreviousSecret));
        var response = Expect.Challenge(result);
        Assert.Equal(200, response.StatusCode);
        Assert.Equal("application/json", response.ContentType);
        Assert.Equal($$"""{"verification":"{{Challenge}}"}""", response.Body);
        Assert.Equal(0, result.SecretIndex);
    }

    [Fact]
    public void Verification_get_without_the_secret_is_not_answered()
    {
        var request = Request.Get().Header("X-Okta-Verification-Challenge", Challenge);
        Expect.Failed(FailureCode.MissingSignature, request.VerifyWith(Verifier(Secret)));
        Expect.Failed(FailureCode.InvalidSignature, request.Clone().Header("Authorization", WrongSecret).VerifyWith(Verifier(Secret)));
    }

    [Fact]
    public void Repeated_or_empty_challenge_is_malformed()
    {
        var repeated = Request.Get().Header("Authorization", Secret).Header("X-Okta-Verification-Challenge", "a").Header("X-Okta-Verification-Challenge", "b");
        Expect.Failed(FailureCode.MalformedSignature, repeated.VerifyWith(Verifier(Secret)));
        var empty = Request.Get().Header("Authorization", Secret).Header("X-Okta-Verification-Challenge", "");
        Expect.Failed(FailureCode.MalformedSignature, empty.VerifyWith(Verifier(Secret)));
    }

    [Fact]
    public void Challenge_is_escaped_inside_the_json_answer()
    {
        var request = Request.Get().Header("Authorization", Secret).Header("X-Okta-Verification-Challenge", "a\"},\"x\":{\"b");
        using var answer = JsonDocument.Parse(Expect.Challenge(request.VerifyWith(Verifier(Secret))).Body);
        Assert.Equal("a\"},\"x\":{\"b", answer.RootElement.GetProperty("verification").GetString());
        Assert.Single(answer.RootElement.EnumerateObject());
    }

    [Fact]
    public void Challenge_header_on_a_post_is_an_ordinary_delivery()
    {
        var request = Valid().Header("X-Okta-Verification-Challenge", Challenge);
        Expect.Verified(request.VerifyWith(Verifier(Secret)));
    }

    [Fact]
    public void Header_setting_names_another_header()
    {
        var verifier = Verifiers.Create("okta", new ProviderSettings { Secrets = [Secret], Header = "X-Okta-Hook-Key" });
        Expect.Verified(Request.Post(DefaultBody).Header("X-Okta-Hook-Key", Secret).VerifyWith(verifier));
        Expect.Failed(FailureCode.MissingSignature, Valid().VerifyWith(verifier));
        var get = Request.Get().Header("X-Okta-Hook-Key", Secret).Header("X-Okta-Verification-Challenge", Challenge);
        Assert.Contains(Challenge, Expect.Challenge(get.VerifyWith(verifier)).Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Delivery_id_is_the_request_event_id()
    {
        var body = """{"eventType":"com.okta.event_hook","eventId":"b5a188b9-5ece-4636-b041-482ffda96311","data":{"events":[{"uuid":"f790999f-fe87-467a-9880-6982a583986c"}]}}""";
        var result = Expect.Verified(Post(System.Text.Encoding.UTF8.GetBytes(body)).Header("Authorization", Secret).VerifyWith(Verifier(Secret)));
        Assert.Equal("b5a188b9-5ece-4636-b041-482ffda96311", result.DeliveryId);
    }
}
