using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using WebhookFirewall.Verification;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>
/// Polar: Standard Webhooks headers and content, but polarsource/polar-js@7b70884091e50bc44ff8a36479b1b173daec1a08
/// src/webhooks.ts (`validateEvent`) base64-encodes the secret before handing it to `standardwebhooks`, which decodes it
/// again: the HMAC key is the secret's own UTF-8, whatever it looks like. Signed here that way, with the BCL.
/// </summary>
public sealed class PolarTests : TimestampSigningProviderContract
{
    private const string Id = "msg_2yZqHtTnGr9M8ZL2ZvPyjJDJ8Hk";

    protected override string Provider => "polar";

    protected override string SignatureHeader => "webhook-signature";

    protected override IEnumerable<string> MalformedSignatures =>
    [
        "v1," + new string('a', 64),
        "v1,",
        "v2," + Convert.ToBase64String(new byte[32]),
        Convert.ToBase64String(new byte[32]),
        "",
    ];

    private static string Signature(string secret, string id, string timestamp, byte[] body) =>
        "v1," + Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Sign.Concat($"{id}.{timestamp}.", body)));

    protected override Request Signed(string secret, byte[] body, DateTimeOffset signedAt)
    {
        var timestamp = signedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return Request.Post(body)
            .Header("webhook-id", Id)
            .Header("webhook-timestamp", timestamp)
            .Header("webhook-signature", Signature(secret, Id, timestamp, body));
    }

    protected override Request WithoutTimestamp(Request valid) => valid.WithoutHeader("webhook-timestamp");

    /// <summary>A shifted signed timestamp, another signed id, or a changed body.</summary>
    protected override void Mutate(Request request, Random random) => ListSign.OneOf(
        random,
        () => Oracles.ShiftNumber(request, "webhook-timestamp", random),
        () => request.ReplaceHeader("webhook-id", "msg_" + random.Next(2, 1000)),
        () => base.Mutate(request, random));

    // Computed as polar-js's validateEvent keys it (not published): secret, id, timestamp and body chosen here.
    [Fact]
    public void Event_signed_with_the_secrets_own_bytes_verifies_with_webhook_id_as_delivery_id()
    {
        var request = Request.Post("""{"type":"order.paid"}""")
            .Header("webhook-id", "msg_1")
            .Header("webhook-timestamp", "1700000000")
            .Header("webhook-signature", "v1,vc+C60xUxALrFhnh+VHzxkIx+/aFUWvKgLwI3rGtfW0=");
        var result = Expect.Verified(request.VerifyWith(Verifiers.Create("polar", "polar_whs_test")));
        Assert.Equal("msg_1", result.DeliveryId);
    }

    // The trap: a secret that looks like a Standard Webhooks one is still used as text, never base64-decoded.
    [Fact]
    public void Whsec_looking_secret_is_used_as_text()
    {
        const string secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        var body = Encoding.UTF8.GetBytes("""{"type":"checkout.created"}""");
        var verifier = Verifiers.Create("polar", secret);
        Expect.Verified(Signed(secret, body, Now).VerifyWith(verifier));

        var decodedKeySignature = Sign.StandardWebhooks(secret, Id, Now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), body);
        Expect.Failed(FailureCode.InvalidSignature, Signed(secret, body, Now).ReplaceHeader("webhook-signature", decodedKeySignature).VerifyWith(verifier));
    }

    [Fact]
    public void Changed_or_missing_webhook_id_is_refused()
    {
        var verifier = Verifier(Secret);
        Expect.Failed(FailureCode.InvalidSignature, Valid().ReplaceHeader("webhook-id", "msg_other").VerifyWith(verifier));
        Expect.Failed(FailureCode.MalformedSignature, Valid().WithoutHeader("webhook-id").VerifyWith(verifier));
    }
}
