using System.Text;
using WebhookFirewall.Verification;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

public sealed class GitHubTests : BodySigningProviderContract
{
    private const string Delivery = "72d3162e-cc78-11e3-81ab-4c9367dc0958";

    protected override string Provider => "github";

    protected override string SignatureHeader => "X-Hub-Signature-256";

    protected override IEnumerable<string> MalformedSignatures =>
    [
        Sign.Sha256Hex(Secret, DefaultBody),                            // hex without the sha256= prefix
        "sha1=" + new string('a', 40),                                  // the legacy SHA-1 form in the SHA-256 header
        "SHA256=" + Sign.Sha256Hex(Secret, DefaultBody),                // prefix is case-sensitive, as GitHub sends it
        "sha256=",
        "sha256=" + new string('z', 64),                                // not hex
        "sha256=" + new string('a', 63),                                // odd length
        "sha256=" + new string('a', 62),                                // one byte short
        "sha256=" + new string('a', 66),                                // one byte long
        "sha256=" + Convert.ToBase64String(new byte[32]),              // base64 instead of hex
        " sha256=" + Sign.Sha256Hex(Secret, DefaultBody),
    ];

    protected override Request Signed(string secret, byte[] body, DateTimeOffset signedAt) =>
        Request.Post(body)
            .Header("X-Hub-Signature-256", "sha256=" + Sign.Sha256Hex(secret, body))
            .Header("X-GitHub-Delivery", Delivery)
            .Header("X-GitHub-Event", "push");

    // GitHub docs, "Validating webhook deliveries" > "Testing the webhook payload validation"
    // (github/docs: content/webhooks/using-webhooks/validating-webhook-deliveries.md).
    [Fact]
    public void GitHub_docs_test_vector_verifies()
    {
        var request = Request.Post("Hello, World!")
            .Header("X-Hub-Signature-256", "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");
        Expect.Verified(request.VerifyWith(Verifiers.Create("github", "It's a Secret to Everybody")));
        Expect.Failed(FailureCode.InvalidSignature, request.VerifyWith(Verifiers.Create("github", "It's a secret to everybody")));
    }

    // Octokit webhooks-methods.js, test/sign.test.ts: sign("mysecret", JSON.stringify({ foo: "bar" })).
    [Fact]
    public void Octokit_sign_test_vector_verifies()
    {
        var request = Request.Post("""{"foo":"bar"}""")
            .Header("X-Hub-Signature-256", "sha256=4864d2759938a15468b5df9ade20bf161da9b4f737ea61794142f3484236bda3");
        Expect.Verified(request.VerifyWith(Verifiers.Create("github", "mysecret")));
    }

    // Octokit webhooks-methods.js, test/verify.test.ts: GitHub's own serialisation of { foo: "bar" } (two-space
    // indentation and a trailing line feed) with "mysecret". The compact form must then fail: bytes, not JSON, are signed.
    [Fact]
    public void Octokit_verify_test_vector_verifies_only_for_the_exact_bytes()
    {
        const string signature = "sha256=e3eccac34c43c7dc1cbb905488b1b81347fcc700a7b025697a9d07862256023f";
        var verifier = Verifiers.Create("github", "mysecret");
        Expect.Verified(Request.Post("{\n  \"foo\": \"bar\"\n}\n").Header("X-Hub-Signature-256", signature).VerifyWith(verifier));
        Expect.Failed(FailureCode.InvalidSignature, Request.Post("""{"foo":"bar"}""").Header("X-Hub-Signature-256", signature).VerifyWith(verifier));
    }

    // Octokit webhooks-methods.js, test/deno/web.test.ts: sign("secret", "data") (hex digest).
    [Fact]
    public void Octokit_web_test_vector_verifies()
    {
        var request = Request.Post("data")
            .Header("X-Hub-Signature-256", "sha256=1b2c16b75bd2a870c114153ccda5bcfca63314bc722fa160d690de133ccbb9db");
        Expect.Verified(request.VerifyWith(Verifiers.Create("github", "secret")));
    }

    [Fact]
    public void Delivery_id_is_X_GitHub_Delivery()
    {
        var result = Expect.Verified(Valid().VerifyWith(Verifier(Secret)));
        Assert.Equal(Delivery, result.DeliveryId);
        Assert.Null(result.Timestamp);
    }

    [Fact]
    public void Missing_delivery_header_still_verifies_without_an_id()
    {
        var result = Expect.Verified(Valid().WithoutHeader("X-GitHub-Delivery").VerifyWith(Verifier(Secret)));
        Assert.Null(result.DeliveryId);
    }

    [Fact]
    public void Repeated_delivery_header_is_malformed()
    {
        var request = Valid().Header("X-GitHub-Delivery", "another-delivery");
        Expect.Failed(FailureCode.MalformedSignature, request.VerifyWith(Verifier(Secret)));
    }

    [Fact]
    public void Legacy_sha1_header_alone_is_not_accepted()
    {
        var body = Encoding.UTF8.GetBytes("Hello, World!");
        var sha1 = Sign.Hex(Sign.Hmac(System.Security.Cryptography.HashAlgorithmName.SHA1, Secret, body));
        var request = Request.Post(body).Header("X-Hub-Signature", "sha1=" + sha1);
        Expect.Failed(FailureCode.MissingSignature, request.VerifyWith(Verifier(Secret)));
    }
}
