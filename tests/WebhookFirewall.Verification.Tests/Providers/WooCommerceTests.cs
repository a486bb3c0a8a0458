using System.Security.Cryptography;
using System.Text;
using WebhookFirewall.Verification;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>
/// WooCommerce publishes no vector. Signed here as its webhook class signs, with the BCL
/// (woocommerce/woocommerce@00e1bc4da70f83469010330e589878684c73a921
/// plugins/woocommerce/includes/class-wc-webhook.php, generate_signature): base64 of the raw HMAC, with the hash
/// the `woocommerce_webhook_hash_algorithm` filter picks (sha256 by default), keyed with
/// `wp_specialchars_decode($secret, ENT_QUOTES)` — whose table is WordPress's
/// (WordPress/wordpress-develop@004ff0e1a7190aa5edada1ff8bca0bdfb93f26ee src/wp-includes/formatting.php).
/// </summary>
public sealed class WooCommerceTests : BodySigningProviderContract
{
    protected override string Provider => "woocommerce";

    protected override string SignatureHeader => "X-WC-Webhook-Signature";

    protected override IEnumerable<string> MalformedSignatures => MalformedMacs.Base64();

    protected override Request Signed(string secret, byte[] body, DateTimeOffset signedAt) => Delivery(secret, body);

    /// <summary>The unsigned ping is answered by design: 200, empty, for a body that is exactly `webhook_id=N`.</summary>
    protected override bool IsUnsignedEcho(Request request, VerificationResult result)
    {
        if (result.Outcome != VerificationOutcome.Challenge)
        {
            return false;
        }

        Assert.Matches("^webhook_id=[0-9]{1,20}$", Encoding.UTF8.GetString(request.Body));
        Assert.Equal(200, result.Handshake!.StatusCode);
        Assert.Empty(result.Handshake.Body);
        return true;
    }

    /// <summary>The ping, unsigned: anyone can post it, with any webhook id.</summary>
    protected override IEnumerable<Request> HandshakesCarrying(string secret, string chosen) => [Request.Post("webhook_id=" + chosen)];

    private static Request Delivery(string key, byte[] body, HashAlgorithmName? algorithm = null) =>
        Request.Post(body)
            .Header("X-WC-Webhook-Signature", Convert.ToBase64String(Sign.Hmac(algorithm ?? HashAlgorithmName.SHA256, key, body)))
            .Header("X-WC-Webhook-Topic", "order.created")
            .Header("X-WC-Webhook-Delivery-ID", "2f7bd7a4c8f83c6e1d1b03e4a1b1f9e0");

    [Theory]
    [InlineData("s3cr&amp;et", "s3cr&et")]
    [InlineData("a&lt;b&gt;c&quot;d&#039;e", "a<b>c\"d'e")]
    [InlineData("&#39;&#0039;&#x27;&#X0027;", "''''")]
    [InlineData("&#34;&#x22;&#60;&#062;&#38;&#x26;", "\"\"<>&&")]
    [InlineData("&amp;lt;", "&lt;")]                 // read back once, as WordPress does
    [InlineData("&copy;&nbsp;&#169;&#x3C;", "&copy;&nbsp;&#169;&#x3C;")] // entities WordPress leaves alone
    [InlineData("&AMP;&Lt;&#3;&#339;&#x;&", "&AMP;&Lt;&#3;&#339;&#x;&")]
    [InlineData("plain-secret", "plain-secret")]
    public void Key_is_the_secret_with_the_entities_WordPress_decodes_decoded(string stored, string key)
    {
        var body = """{"id":1,"status":"processing"}"""u8.ToArray();
        var verifier = Verifiers.Create("woocommerce", stored);
        Expect.Verified(Delivery(key, body).VerifyWith(verifier));
        if (key != stored)
        {
            Expect.Failed(FailureCode.InvalidSignature, Delivery(stored, body).VerifyWith(verifier));
        }
    }

    [Theory]
    [InlineData("sha1")]
    [InlineData("sha512")]
    [InlineData("SHA256")]
    public void Algorithm_follows_the_policy(string algorithm)
    {
        var name = new HashAlgorithmName(algorithm.ToUpperInvariant());
        var verifier = Verifiers.Create("woocommerce", new ProviderSettings { Secrets = [Secret], Algorithm = algorithm });
        Expect.Verified(Delivery(Secret, DefaultBody, name).VerifyWith(verifier));
        if (name != HashAlgorithmName.SHA256)
        {
            Expect.Failed(FailureCode.MalformedSignature, Delivery(Secret, DefaultBody).VerifyWith(verifier)); // a SHA-256 MAC is the wrong length
        }
    }

    [Fact]
    public void Unknown_algorithm_is_refused_under_its_key()
    {
        var problems = Verifiers.Problems("woocommerce", new ProviderSettings { Secrets = [Secret], Algorithm = "md5" });
        Assert.Contains(problems, p => p.Key == "Algorithm");
    }

    [Fact]
    public void Settings_it_does_not_use_are_refused()
    {
        var problems = Verifiers.Problems("woocommerce", new ProviderSettings { Secrets = [Secret], Prefix = "sha256=" });
        Assert.Contains(problems, p => p.Key == "Prefix");
    }

    [Theory]
    [InlineData("webhook_id=1")]
    [InlineData("webhook_id=123456")]
    public void Creation_ping_is_answered_exactly_200_and_empty(string body)
    {
        var result = Request.Post(body).VerifyWith(Verifier(Secret));
        var response = Expect.Challenge(result);
        Assert.Equal(200, response.StatusCode);
        Assert.Null(response.ContentType);
        Assert.Empty(response.Body);
        Assert.Empty(response.Headers);
    }

    [Theory]
    [InlineData("webhook_id=")]
    [InlineData("webhook_id=12a")]
    [InlineData("webhook_id=1&x=2")]
    [InlineData("webhook_id=1\n")]
    [InlineData(" webhook_id=1")]
    [InlineData("webhook_id=123456789012345678901")]
    [InlineData("""{"webhook_id":1}""")]
    public void Anything_else_unsigned_is_refused(string body)
    {
        Expect.Failed(FailureCode.MissingSignature, Request.Post(body).VerifyWith(Verifier(Secret)));
    }

    [Fact]
    public void Ping_by_get_is_not_answered()
    {
        Expect.Failed(FailureCode.MissingSignature, Request.Get().WithBody("webhook_id=1").VerifyWith(Verifier(Secret)));
    }

    [Fact]
    public void Ping_answer_is_not_the_signature_of_any_delivery()
    {
        var response = Expect.Challenge(Request.Post("webhook_id=7").VerifyWith(Verifier(Secret)));
        Assert.Empty(response.Body);
        Assert.Empty(response.Headers);
    }

    [Fact]
    public void Delivery_id_header_is_new_per_delivery_so_deliveries_are_keyed_by_content_and_topic()
    {
        var verifier = Verifier(Secret);
        Assert.Null(Expect.Verified(Valid().VerifyWith(verifier)).DeliveryId);
        Assert.Equal(IdempotencyKeyKind.Content, verifier.DefaultKeyKind);
        Assert.Equal("X-WC-Webhook-Topic", verifier.Info.EventTypeHeader);
    }
}
