using System.Text;
using WebhookFirewall.Verification;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>
/// LaunchDarkly publishes no vector. Signed here as its webhooks docs state, with the BCL
/// (docs.launchdarkly.com/home/connecting/webhooks, "Signing webhooks": `X-LD-Signature` is the HMAC SHA256 hex
/// digest of the payload, keyed with the webhook's secret). The payload is an audit-log entry.
/// </summary>
public sealed class LaunchDarklyTests : BodySigningProviderContract
{
    protected override string Provider => "launchdarkly";

    protected override string SignatureHeader => "X-LD-Signature";

    protected override IEnumerable<string> MalformedSignatures => MalformedMacs.Hex();

    protected override Request Signed(string secret, byte[] body, DateTimeOffset signedAt) =>
        Request.Post(body).Header("X-LD-Signature", Sign.Sha256Hex(secret, body));

    [Fact]
    public void Delivery_id_is_the_audit_entry_id()
    {
        var body = Encoding.UTF8.GetBytes("""{"_id":"57c0a8e29969090743529965","_links":{"self":{"href":"/api/v2/auditlog/57c0a8e29969090743529965"}},"date":1472243938774,"accesses":[{"action":"updateOn","resource":"proj/alexis:env/test:flag/alternative.page"}],"kind":"flag","name":"Alternative page"}""");
        var verifier = Verifier(Secret);
        Assert.Equal("57c0a8e29969090743529965", Expect.Verified(Signed(Secret, body, Now).VerifyWith(verifier)).DeliveryId);
        Assert.Equal(IdempotencyKeyKind.DeliveryId, verifier.DefaultKeyKind);
    }
}
