using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>
/// TikTok publishes no vector (developers.tiktok.com/doc/webhooks-verification gives an example header without its
/// secret or body): signed here as that page describes, `t=<s>,s=<hex HMAC-SHA256(client_secret, "{t}.{body}")>`.
/// </summary>
public sealed class TikTokTests : TimestampListProviderContract
{
    protected override string Provider => "tiktok";

    protected override string SignatureHeader => "TikTok-Signature";

    protected override IEnumerable<string> MalformedSignatures =>
    [
        .. base.MalformedSignatures,
        $"t={Now.ToUnixTimeSeconds()},v1={new string('0', 64)}",               // Stripe's key, not TikTok's
        $"t={Now.ToUnixTimeSeconds()},s={Sign.Sha256Base64(Secret, DefaultBody)}",
        $"t={Now.ToUnixTimeSeconds()};s={new string('0', 64)}",
    ];

    protected override string Layout(string timestamp, string signature) => $"t={timestamp},s={signature}";

    // Computed as the verification page describes (not published), with the header name spelled as its example
    // spells it; the secret, body and t chosen here.
    [Fact]
    public void Event_signed_as_the_docs_describe_verifies_without_a_delivery_id()
    {
        var request = Request.Post("""{"client_key":"aw123","event":"authorization.removed","create_time":1633174587,"user_openid":"act.x","content":"{\"reason\":1}"}""")
            .Header("Tiktok-Signature", "t=1633174587,s=860a784c515e206f829f735a4bd06f60c78f326ceb362ea458055916e17530ef")
            .At(DateTimeOffset.FromUnixTimeSeconds(1633174587));
        var result = Expect.Verified(request.VerifyWith(Verifiers.Create("tiktok", "tiktok_client_secret_example")));
        Assert.Null(result.DeliveryId);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1633174587), result.Timestamp);
    }
}
