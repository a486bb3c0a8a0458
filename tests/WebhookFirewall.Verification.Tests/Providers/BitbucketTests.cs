using System.Security.Cryptography;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>Bitbucket publishes no test vector: requests are signed independently (BCL HMAC-SHA256 of the body, `sha256=` hex).</summary>
public sealed class BitbucketTests : BodySigningProviderContract
{
    private const string RequestUuid = "{6f1f4d2c-3a9a-4d0a-9b1d-2f5b3c9e8a11}";
    private const string HookUuid = "{0ad9b7b2-1c3e-4f57-8f2a-5d6e7c8b9a00}";

    protected override string Provider => "bitbucket";

    protected override string SignatureHeader => "X-Hub-Signature";

    protected override IEnumerable<string> MalformedSignatures =>
    [
        Sign.Sha256Hex(Secret, DefaultBody),                                          // no prefix
        "sha1=" + PresetSign.Sha1Hex(Secret, DefaultBody),                           // GitHub's legacy form: not Bitbucket's
        "sha256=",
        "sha256=" + new string('g', 64),
        "sha256=" + new string('a', 62),
        "sha256=" + Convert.ToBase64String(new byte[32]),
        "SHA256=" + Sign.Sha256Hex(Secret, DefaultBody),
    ];

    protected override Request Signed(string secret, byte[] body, DateTimeOffset signedAt) =>
        Request.Post(body)
            .Header("X-Hub-Signature", "sha256=" + Sign.Sha256Hex(secret, body))
            .Header("X-Event-Key", "repo:push")
            .Header("X-Hook-UUID", HookUuid)
            .Header("X-Request-UUID", RequestUuid)
            .Header("X-Attempt-Number", "1");

    [Fact]
    public void Delivery_id_is_X_Request_UUID_never_the_webhook_s_own_X_Hook_UUID()
    {
        Assert.Equal(RequestUuid, Expect.Verified(Valid().VerifyWith(Verifier(Secret))).DeliveryId);
        // X-Hook-UUID names the webhook and is the same on every event: as an idempotency key it would drop them all.
        Assert.Null(Expect.Verified(Valid().WithoutHeader("X-Request-UUID").VerifyWith(Verifier(Secret))).DeliveryId);
    }

    [Fact]
    public void Repeated_request_uuid_is_malformed()
    {
        Expect.Failed(FailureCode.MalformedSignature, Valid().Header("X-Request-UUID", "{other}").VerifyWith(Verifier(Secret)));
    }

    [Fact]
    public void Hmac_sha1_of_the_right_body_is_still_not_accepted()
    {
        var sha1 = Sign.Hex(Sign.Hmac(HashAlgorithmName.SHA1, Secret, DefaultBody));
        Expect.Failed(FailureCode.MalformedSignature, Valid().ReplaceHeader("X-Hub-Signature", "sha256=" + sha1).VerifyWith(Verifier(Secret)));
    }
}
