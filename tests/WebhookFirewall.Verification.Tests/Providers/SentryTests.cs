using System.Globalization;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>Sentry publishes no test vector: signed independently (hex HMAC-SHA256 of the body with the client secret).</summary>
public sealed class SentryTests : BodySigningProviderContract
{
    private const string RequestId = "0f6d1d34-4f0b-4d8c-9d1c-7e45f1a0b2c3";

    protected override string Provider => "sentry";

    protected override string SignatureHeader => "Sentry-Hook-Signature";

    protected override IEnumerable<string> MalformedSignatures =>
    [
        "sha256=" + Sign.Sha256Hex(Secret, DefaultBody),
        Sign.Sha256Base64(Secret, DefaultBody),
        new string('a', 66),
        "",
    ];

    protected override Request Signed(string secret, byte[] body, DateTimeOffset signedAt) =>
        Request.Post(body)
            .Header("Sentry-Hook-Signature", Sign.Sha256Hex(secret, body))
            .Header("Sentry-Hook-Resource", "issue")
            .Header("Sentry-Hook-Timestamp", signedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture))
            .Header("Request-ID", RequestId);

    [Fact]
    public void Request_ID_is_the_delivery_id()
    {
        Assert.Equal(RequestId, Expect.Verified(Valid().VerifyWith(Verifier(Secret))).DeliveryId);
    }

    // Sentry-Hook-Timestamp is not part of what Sentry signs: anyone can change it, so it proves nothing either way.
    [Fact]
    public void Unsigned_timestamp_header_is_not_a_replay_clock()
    {
        var result = Expect.Verified(Valid().ReplaceHeader("Sentry-Hook-Timestamp", "1").VerifyWith(Verifier(Secret)));
        Assert.Null(result.Timestamp);
    }
}
