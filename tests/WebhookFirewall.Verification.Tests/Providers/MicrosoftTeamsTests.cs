using System.Security.Cryptography;
using System.Text;
using WebhookFirewall.Verification;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>
/// Teams outgoing webhooks: `Authorization: HMAC ` + base64 HMAC-SHA256 of the body, keyed with the base64-decoded
/// security token. Teams publishes no usable vector (its docs show a key and a header, not the message they sign),
/// so requests are signed here as Microsoft's sample verifier computes it, with the BCL
/// (OfficeDev/microsoft-teams-sample-outgoing-webhook@d6e0f5e1bc25ea5c333940667cd461f24698ab47
/// WebhookSampleBot/Models/AuthProvider.cs; MicrosoftDocs/msteams-docs@0338e583ca22176c328332375532ac764fb73e08
/// msteams-platform/webhooks-and-connectors/how-to/add-outgoing-webhook.md).
/// </summary>
public sealed class MicrosoftTeamsTests : BodySigningProviderContract
{
    /// <summary>The security token of the Teams docs' example.</summary>
    private const string DocsToken = "vqF0En+Z0ucuRTM/01o2GuhMH3hKKk/N2bOmlM31zaA=";

    protected override string Provider => "microsoft-teams";

    protected override string SignatureHeader => "Authorization";

    /// <summary>Teams shows the security token as base64: the key is what it decodes to.</summary>
    protected override string ConfiguredSecret(string secret) => Convert.ToBase64String(Encoding.UTF8.GetBytes(secret));

    protected override IEnumerable<string> MalformedSignatures =>
    [
        Convert.ToBase64String(new byte[32]),                  // without the scheme
        "Bearer " + Convert.ToBase64String(new byte[32]),
        "hmac " + Convert.ToBase64String(new byte[32]),        // the sample compares the scheme case-sensitively
        "HMAC",
        "HMAC ",
        "HMAC " + Convert.ToHexStringLower(new byte[32]),
        "HMAC  " + Convert.ToBase64String(new byte[32]),
    ];

    protected override Request Signed(string secret, byte[] body, DateTimeOffset signedAt) =>
        Request.Post(body).Header("Authorization", "HMAC " + Mac(secret, body));

    private static string Mac(string base64Token, byte[] body) => Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(base64Token), body));

    [Fact]
    public void Message_signed_with_the_docs_token_verifies_only_with_the_decoded_key()
    {
        var body = """{"type":"message","id":"1485983408511","timestamp":"2017-02-01T21:10:07.437Z","text":"<at>Bot</at> hello","channelId":"msteams"}"""u8.ToArray();
        var request = Request.Post(body).Header("Authorization", "HMAC " + Mac(DocsToken, body));
        Expect.Verified(request.VerifyWith(Verifiers.Create("microsoft-teams", DocsToken)));

        // Keyed with the token's text instead of its bytes, as a receiver that skips the decoding would sign.
        var undecoded = Request.Post(body).Header("Authorization", "HMAC " + Sign.Sha256Base64(DocsToken, body));
        Expect.Failed(FailureCode.InvalidSignature, undecoded.VerifyWith(Verifiers.Create("microsoft-teams", DocsToken)));
    }

    [Fact]
    public void Token_that_is_not_base64_is_refused()
    {
        var problems = Verifiers.Problems("microsoft-teams", new ProviderSettings { Secrets = ["not base64!"] });
        Assert.Contains(problems, p => p.Key == "Secrets:0");
    }

    [Fact]
    public void Teams_reads_the_backends_reply_so_it_is_never_acknowledged_for_it()
    {
        Assert.True(Verifier(Secret).Info.ReplyCarriesBackendAnswer);
    }

    [Fact]
    public void Messages_are_keyed_by_content()
    {
        var verifier = Verifier(Secret);
        Assert.Null(Expect.Verified(Valid().VerifyWith(verifier)).DeliveryId);
        Assert.Equal(IdempotencyKeyKind.Content, verifier.DefaultKeyKind);
    }
}
