using System.Globalization;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>
/// Signed as Zendesk's "Verifying webhook authenticity" page states today: base64(HMACSHA256(TIMESTAMP + BODY)), the
/// timestamp as sent (RFC 3339). No vector is used: the older example on that page (secret
/// `HRkRd4BeOAoUkfZr-mhauJT64rvBASlJRoIyPsd3zeA=`, signature `tRDSF7URY8BLCDlaBcQ7FHu051Zk+aAB0NKMP53teMw=`) matches body
/// + timestamp, the reverse of the page's own formula, so it cannot tell which is right.
/// </summary>
public sealed class ZendeskTests : TimestampSigningProviderContract
{
    private const string InvocationId = "01HD7Y6S8QFG1KQ4W0Q2Q9X3FZ";

    protected override string Provider => "zendesk";

    protected override string SignatureHeader => "X-Zendesk-Webhook-Signature";

    protected override IEnumerable<string> MalformedSignatures =>
    [
        Sign.Sha256Hex(Secret, DefaultBody),
        "sha256=" + Sign.Sha256Base64(Secret, DefaultBody),
        Convert.ToBase64String(new byte[20]),
        "!!!",
    ];

    private static string Rfc3339(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    protected override Request Signed(string secret, byte[] body, DateTimeOffset signedAt)
    {
        var timestamp = Rfc3339(signedAt);
        return Request.Post(body)
            .Header("X-Zendesk-Webhook-Signature", PresetSign.Zendesk(secret, timestamp, body))
            .Header("X-Zendesk-Webhook-Signature-Timestamp", timestamp)
            .Header("X-Zendesk-Webhook-Invocation-Id", InvocationId);
    }

    protected override Request WithoutTimestamp(Request valid) => valid.WithoutHeader("X-Zendesk-Webhook-Signature-Timestamp");

    /// <summary>A signed timestamp moved by a few seconds, or a changed body.</summary>
    protected override void Mutate(Request request, Random random)
    {
        if (random.Next(2) == 0)
        {
            var at = DateTimeOffset.Parse(request.Headers.Get("X-Zendesk-Webhook-Signature-Timestamp").Value!, System.Globalization.CultureInfo.InvariantCulture)
                .AddSeconds(random.Next(1, 100) * (random.Next(2) == 0 ? 1 : -1));
            request.ReplaceHeader("X-Zendesk-Webhook-Signature-Timestamp", Rfc3339(at));
        }
        else
        {
            base.Mutate(request, random);
        }
    }

    [Fact]
    public void Delivery_id_is_the_invocation_id()
    {
        Assert.Equal(InvocationId, Expect.Verified(Valid().VerifyWith(Verifier(Secret))).DeliveryId);
    }

    [Theory]
    [InlineData("1700000000")]                      // Unix seconds: not Zendesk's format
    [InlineData("2023-11-14 22:13:20Z")]
    [InlineData("2023-11-14T22:13:20")]            // no offset: which clock?
    [InlineData("")]
    public void Timestamp_that_is_not_RFC_3339_is_malformed(string timestamp)
    {
        var body = DefaultBody;
        var request = Request.Post(body)
            .Header("X-Zendesk-Webhook-Signature", PresetSign.Zendesk(Secret, timestamp, body))
            .Header("X-Zendesk-Webhook-Signature-Timestamp", timestamp);
        Expect.Failed(FailureCode.MalformedSignature, request.VerifyWith(Verifier(Secret)));
    }

    [Fact]
    public void Offset_timestamps_verify_for_the_instant_they_name()
    {
        const string timestamp = "2023-11-14T23:13:20+01:00"; // = Now
        var request = Request.Post(DefaultBody)
            .Header("X-Zendesk-Webhook-Signature", PresetSign.Zendesk(Secret, timestamp, DefaultBody))
            .Header("X-Zendesk-Webhook-Signature-Timestamp", timestamp);
        Assert.Equal(Now, Expect.Verified(request.VerifyWith(Verifier(Secret))).Timestamp);
    }

    [Fact]
    public void Body_signed_before_the_timestamp_is_invalid_signature()
    {
        var timestamp = Rfc3339(Now);
        var request = Request.Post(DefaultBody)
            .Header("X-Zendesk-Webhook-Signature", Sign.Sha256Base64(Secret, [.. DefaultBody, .. System.Text.Encoding.UTF8.GetBytes(timestamp)]))
            .Header("X-Zendesk-Webhook-Signature-Timestamp", timestamp);
        Expect.Failed(FailureCode.InvalidSignature, request.VerifyWith(Verifier(Secret)));
    }
}
