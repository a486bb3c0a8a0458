using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>Jira publishes no test vector: signed independently (`X-Hub-Signature: sha256=` hex HMAC-SHA256 of the body).</summary>
public sealed class JiraTests : BodySigningProviderContract
{
    private const string Identifier = "4c64b9b2-5a1e-4a67-9d6b-8f0c2e3d1a77";

    protected override string Provider => "jira";

    protected override string SignatureHeader => "X-Hub-Signature";

    protected override IEnumerable<string> MalformedSignatures =>
    [
        Sign.Sha256Hex(Secret, DefaultBody),
        "sha256=" + new string('a', 63),
        "sha256=" + new string('z', 64),
        "sha512=" + new string('a', 128),
        "method=sha256&signature=" + Sign.Sha256Hex(Secret, DefaultBody),
    ];

    protected override Request Signed(string secret, byte[] body, DateTimeOffset signedAt) =>
        Request.Post(body)
            .Header("X-Hub-Signature", "sha256=" + Sign.Sha256Hex(secret, body))
            .Header("X-Atlassian-Webhook-Identifier", Identifier);

    [Fact]
    public void Delivery_id_is_X_Atlassian_Webhook_Identifier()
    {
        Assert.Equal(Identifier, Expect.Verified(Valid().VerifyWith(Verifier(Secret))).DeliveryId);
        Expect.Failed(FailureCode.MalformedSignature, Valid().Header("X-Atlassian-Webhook-Identifier", "again").VerifyWith(Verifier(Secret)));
    }
}
