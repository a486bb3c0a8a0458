using WebhookFirewall.Verification;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>
/// ClickUp publishes no vector (its docs' example signature is truncated). Signed here as its docs state, with the
/// BCL (developer.clickup.com/docs/webhooksignature: `X-Signature` is the hexadecimal HMAC-SHA256 of the request
/// body with the webhook's secret).
/// </summary>
public sealed class ClickUpTests : BodySigningProviderContract
{
    protected override string Provider => "clickup";

    protected override string SignatureHeader => "X-Signature";

    protected override IEnumerable<string> MalformedSignatures => [.. MalformedMacs.Hex(), "f7bc83f430538424b13298e6aa6"]; // and the docs' truncated example

    protected override Request Signed(string secret, byte[] body, DateTimeOffset signedAt) =>
        Request.Post(body).Header("X-Signature", Sign.Sha256Hex(secret, body));

    /// <summary>The same header as Modern Treasury's: the route's policy, not the header, decides the provider.</summary>
    [Fact]
    public void Docs_example_body_verifies_and_a_modern_treasury_policy_with_another_key_refuses_it()
    {
        const string body = """{"webhook_id":"7689a169-a000-4985-8676-6902b96d6627","event":"taskCreated","task_id":"c0j"}""";
        var request = Request.Post(body).Header("X-Signature", Sign.Sha256Hex("secret", body));
        Expect.Verified(request.VerifyWith(Verifiers.Create("clickup", "secret")));
        Expect.Failed(FailureCode.InvalidSignature, request.VerifyWith(Verifiers.Create("modern-treasury", "another key")));
    }

    [Fact]
    public void Deliveries_are_keyed_by_content()
    {
        Assert.Equal(IdempotencyKeyKind.Content, Verifier(Secret).DefaultKeyKind);
    }
}
