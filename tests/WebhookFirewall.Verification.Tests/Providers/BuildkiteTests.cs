using WebhookFirewall.Verification;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>
/// Buildkite with `Scheme` Signature (the default): `X-Buildkite-Signature: timestamp=<s>,signature=<hex>`, hex
/// HMAC-SHA256 of `{timestamp}.{body}` keyed with the webhook's token, as buildkite/docs@35cf0294c6ea68f41d90da114120d73278f6fc0b
/// pages/apis/webhooks/_verifying_hmac_signatures.md computes it in its Ruby sample; signed here the same way.
/// </summary>
public sealed class BuildkiteTests : TimestampListProviderContract
{
    protected override string Provider => "buildkite";

    protected override string SignatureHeader => "X-Buildkite-Signature";

    protected override string TimestampPattern => "timestamp=([0-9]+)";

    protected override IEnumerable<string> MalformedSignatures =>
    [
        .. base.MalformedSignatures,
        $"t={Timestamp(Now)},v1={new string('0', 64)}",
        // The docs' own example: not hex ("6ldb", "dbn6"), so not a signature Buildkite could have sent.
        "timestamp=1619071700,signature=30222eb518dc3fb61ec9e64dd78d163f62cb134a6ldb768f1d40e0edbn6e43f0",
        Layout(Timestamp(Now), Sign.Sha256Base64(Secret, DefaultBody)),
    ];

    protected override string Layout(string timestamp, string signature) => $"timestamp={timestamp},signature={signature}";

    protected override Request Post(byte[] body) => Request.Post(body).Header("X-Buildkite-Event", "build.finished");

    // The ping event body of pages/apis/webhooks/pipelines/ping_events.md with the docs' example token, signed as the
    // Ruby sample signs (computed, not published). A ping is an ordinary signed delivery: verified and forwarded.
    [Fact]
    public void Ping_signed_as_the_docs_sample_signs_verifies_as_an_ordinary_delivery()
    {
        var request = Request.Post("""{"event":"ping","service":{"id":"49801950-1df0-474f-bb56-ad6a930c5cb9","provider":"webhook"}}""")
            .Header("X-Buildkite-Event", "ping")
            .Header("X-Buildkite-Signature", "timestamp=1619071700,signature=7b6388f81ec34c978c2fb42e5dda87f9459ab13f172e62a318d44acfb31510bf")
            .At(DateTimeOffset.FromUnixTimeSeconds(1619071700));
        var verifier = Verifiers.Create("buildkite", new ProviderSettings { Secrets = ["309c9c842g8565adecpd7469x6005989"], Scheme = "Signature" });
        var result = Expect.Verified(request.VerifyWith(verifier));
        Assert.Null(result.Handshake);
        Assert.Null(result.DeliveryId);
        Assert.Equal("X-Buildkite-Event", verifier.Info.EventTypeHeader);
    }

    // Buildkite's default is to send the token itself: a policy expecting signatures says what to change.
    [Fact]
    public void Token_sent_to_a_signature_policy_is_missing_signature_with_advice()
    {
        var request = Request.Post(DefaultBody).Header("X-Buildkite-Token", Secret);
        var result = request.VerifyWith(Verifier(Secret));
        Expect.Failed(FailureCode.MissingSignature, result);
        Assert.Contains("Scheme", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Scheme_other_than_signature_or_token_is_refused()
    {
        var problem = Assert.Single(Verifiers.Problems("buildkite", new ProviderSettings { Secrets = [Secret], Scheme = "Hmac" }));
        Assert.Equal("Scheme", problem.Key);
        Expect.Verified(Valid().VerifyWith(Verifiers.Create("buildkite", new ProviderSettings { Secrets = [Secret], Scheme = "signature" })));
    }
}
