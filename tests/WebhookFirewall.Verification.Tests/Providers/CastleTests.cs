using WebhookFirewall.Verification;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>
/// Castle publishes no vector. Signed here as its SDK's verifier computes it, with the BCL
/// (castle/castle-node@fd338d0e9ba4be28bbe3eaba64b19fad1889c4e1 src/webhook/services/webhook-verify.service.ts:
/// `createHmac('sha256', apiSecret).update(payload).digest('base64')` compared with `X-Castle-Signature`).
/// </summary>
public sealed class CastleTests : BodySigningProviderContract
{
    protected override string Provider => "castle";

    protected override string SignatureHeader => "X-Castle-Signature";

    protected override IEnumerable<string> MalformedSignatures => MalformedMacs.Base64();

    protected override Request Signed(string secret, byte[] body, DateTimeOffset signedAt) =>
        Request.Post(body).Header("X-Castle-Signature", Sign.Sha256Base64(secret, body));

    [Fact]
    public void Incident_event_verifies_and_is_keyed_by_content()
    {
        var body = """{"type":"$incident.confirmed"}"""u8.ToArray();
        var verifier = Verifiers.Create("castle", "some secret");
        Assert.Null(Expect.Verified(Signed("some secret", body, Now).VerifyWith(verifier)).DeliveryId);
        Assert.Equal(IdempotencyKeyKind.Content, verifier.DefaultKeyKind);
    }
}
