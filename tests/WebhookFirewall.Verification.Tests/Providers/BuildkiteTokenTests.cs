using System.Text;
using WebhookFirewall.Verification;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>
/// Buildkite with `Scheme` Token: `X-Buildkite-Token` carries the webhook's token in clear text
/// (buildkite/docs pages/apis/webhooks/_webhook_token.md); it proves the sender, not the body.
/// </summary>
public sealed class BuildkiteTokenTests : TokenProviderContract
{
    protected override string Provider => "buildkite";

    protected override string SignatureHeader => "X-Buildkite-Token";

    protected override ProviderSettings Settings(params string[] secrets) => new() { Secrets = secrets, Scheme = "Token" };

    protected override Request Post(byte[] body) => Request.Post(body).Header("X-Buildkite-Event", "ping");

    [Fact]
    public void Token_policy_keys_deliveries_by_content_and_names_the_credential_header()
    {
        var verifier = Verifier(Secret);
        Assert.Equal(IdempotencyKeyKind.Content, verifier.DefaultKeyKind);
        Assert.Contains("X-Buildkite-Token", verifier.CredentialHeaders);
        var signatureOnly = Request.Post(Encoding.UTF8.GetBytes("{}")).Header("X-Buildkite-Signature", "timestamp=1700000000,signature=" + new string('0', 64));
        Expect.Failed(FailureCode.MissingSignature, signatureOnly.VerifyWith(verifier));
    }
}
