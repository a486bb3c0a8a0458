using System.Globalization;
using System.Text;
using WebhookFirewall.Verification;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>
/// Front application webhooks: `X-Front-Signature` = base64 HMAC-SHA256 (app signing key) of the millisecond
/// `X-Front-Request-Timestamp`, a colon and the raw body, as dev.frontapp.com/docs/application-webhooks ("Verifying
/// integrity") and frontapp/dynamic-objects-handler@4f9ab6fc69ead1a6d06c4235eb69796f650245f0 lib/auth.ts compute it.
/// </summary>
public sealed class FrontTests : TimestampHeaderProviderContract
{
    private const string SyncBody = """{"type":"sync","authorization":{"id":"cmp_abc"}}""";

    protected override string Provider => "front";

    protected override string SignatureHeader => "X-Front-Signature";

    protected override IEnumerable<string> MalformedSignatures =>
    [
        ListSign.Hex(Secret, "x", DefaultBody),
        Convert.ToBase64String(PresetSign.HmacSha1(Secret, DefaultBody)),  // a rule webhook's SHA-1 signature
        "sha256=" + Sign.Sha256Base64(Secret, DefaultBody),
        "!!!!",
        "",
    ];

    protected override string TimestampHeader => "X-Front-Request-Timestamp";

    protected override string Timestamp(DateTimeOffset at) => at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

    protected override string SignatureValue(string secret, string timestamp, byte[] body) => Sign.Sha256Base64(secret, Sign.Concat(timestamp + ":", body));

    // Computed as the docs' steps compute it (not published): the validation body the docs show, key and time chosen here.
    [Fact]
    public void Validation_request_signed_as_the_docs_describe_verifies()
    {
        var request = Request.Post(SyncBody)
            .Header("X-Front-Request-Timestamp", "1700000000000")
            .Header("X-Front-Signature", "voVFR2/M3bPYU+r+TZj4CfOqtvWuzEYSZYnhA2LWEys=");
        Assert.Equal(Now, Expect.Verified(request.VerifyWith(Verifiers.Create("front", "app_signing_key"))).Timestamp);
    }

    // The firewall does not answer Front's challenge: the signed sync request is forwarded, challenge header and all,
    // and the backend answers it; unsigned, it is refused like any delivery.
    [Fact]
    public void Signed_sync_with_a_challenge_is_verified_for_forwarding_not_answered()
    {
        var body = Encoding.UTF8.GetBytes(SyncBody);
        var signed = Signed(Secret, body, Now).Header("X-Front-Challenge", "2c6c1d3a9f1e4b7c");
        var result = Expect.Verified(signed.VerifyWith(Verifier(Secret)));
        Assert.Null(result.Handshake);
        Assert.Null(result.DeliveryId);

        var unsigned = Request.Post(body).Header("X-Front-Challenge", "2c6c1d3a9f1e4b7c").Header("X-Front-Request-Timestamp", "1700000000000");
        Expect.Failed(FailureCode.MissingSignature, unsigned.VerifyWith(Verifier(Secret)));
    }
}
