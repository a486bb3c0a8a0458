using System.Security.Cryptography;
using System.Text;
using WebhookFirewall.Verification;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>
/// HCP Terraform / Terraform Enterprise publishes no vector. Signed here as its docs' Ruby sample computes it, with
/// the BCL (hashicorp/terraform-docs-common@0fcd6fddd05fc0a677eca92b21e96912fef6865e
/// website/docs/cloud-docs/api-docs/notification-configurations.mdx, "Notification Authenticity":
/// `OpenSSL::HMAC.hexdigest(OpenSSL::Digest.new("sha512"), token, @request.body)`).
/// </summary>
public sealed class TerraformTests : BodySigningProviderContract
{
    protected override string Provider => "terraform";

    protected override string SignatureHeader => "X-TFE-Notification-Signature";

    protected override IEnumerable<string> MalformedSignatures => [.. MalformedMacs.Hex(64), Sign.Sha256Hex(Secret, DefaultBody)]; // and a SHA-256 digest

    protected override Request Signed(string secret, byte[] body, DateTimeOffset signedAt) =>
        Request.Post(body).Header("X-TFE-Notification-Signature", Sha512Hex(secret, body));

    private static string Sha512Hex(string token, byte[] body) => Convert.ToHexStringLower(HMACSHA512.HashData(Encoding.UTF8.GetBytes(token), body));

    /// <summary>Nothing is answered here: what Terraform sends when a configuration is saved is verified like any notification.</summary>
    [Fact]
    public void Notifications_are_verified_and_forwarded_without_a_handshake_or_an_id()
    {
        var body = """{"payload_version":1,"notification_configuration_id":"nc-AeUQ2zfKZzW9TiGZ","run_id":"run-3kpU8AeUQ2zfKZzW","notifications":[{"trigger":"run:completed"}]}"""u8.ToArray();
        var verifier = Verifier(Secret);
        var result = Expect.Verified(Signed(Secret, body, Now).VerifyWith(verifier));
        Assert.Null(result.Handshake);
        Assert.Null(result.DeliveryId);
        Assert.Equal(IdempotencyKeyKind.Content, verifier.DefaultKeyKind);
    }
}
