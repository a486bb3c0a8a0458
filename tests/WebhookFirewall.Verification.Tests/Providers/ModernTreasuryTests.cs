using WebhookFirewall.Verification;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>Modern Treasury: `X-Signature`, hex HMAC-SHA256 of the body with the webhook key.</summary>
public sealed class ModernTreasuryTests : BodySigningProviderContract
{
    protected override string Provider => "modern-treasury";

    protected override string SignatureHeader => "X-Signature";

    protected override IEnumerable<string> MalformedSignatures => MalformedMacs.Hex();

    protected override Request Signed(string secret, byte[] body, DateTimeOffset signedAt) =>
        Request.Post(body).Header("X-Signature", Sign.Sha256Hex(secret, body));

    // Modern-Treasury/modern-treasury-node@6dea66ee0a28a34299703f515ca479906b1f922e tests/api-resources/webhooks.test.ts.
    [Theory]
    [InlineData("foo", "foo", "08ba357e274f528065766c770a639abf6809b39ccfd37c2a3157c7f51954da0a")]
    [InlineData("foo", """{"foo":"bar"}""", "57e14f6f354543f0101fb06ea24df7731d90087b76651e3497345e22a3622940")]
    [InlineData("foo", """{"foo":"bar","bar":"baz","a": true}""", "ec1c86d16075e6937fc26d55b7dc60bac9b1178a2f714312f7c5cb13a319b0ac")]
    [InlineData("foo", """{"a":{"b":{"c":{"d":[null,1,true,false,["foo",{"bar":[true, false]}]]}}}}""", "39b6fc0f5b02a5aefbdd7fb337245b4209036334e837d8c5b6a4092965ebc0a5")]
    [InlineData("hello, world", """{"foo":"bar"}""", "07e118b4a9818c9242baf9009e76a78c29aeb015da93f600d514b77185247069")]
    public void Sdk_vectors_verify(string key, string body, string signature)
    {
        var verifier = Verifiers.Create("modern-treasury", key);
        var request = Request.Post(body).Header("X-Signature", signature);
        Expect.Verified(request.VerifyWith(verifier));
        Expect.Failed(FailureCode.InvalidSignature, request.Clone().WithBody(body + " ").VerifyWith(verifier));
    }

    [Fact]
    public void Deliveries_are_keyed_by_content()
    {
        Assert.Equal(IdempotencyKeyKind.Content, Verifier(Secret).DefaultKeyKind);
    }
}
