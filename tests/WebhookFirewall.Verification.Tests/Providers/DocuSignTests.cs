using System.Text;
using WebhookFirewall.Verification;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>
/// DocuSign Connect publishes no vector. Signed here as its "How to validate an HMAC signature" C# sample computes
/// it, with the BCL (developers.docusign.com/platform/webhooks/connect/validate: `HMACSHA256` keyed with
/// `Encoding.UTF8.GetBytes(secret)` over the whole body, line endings included, base64), one
/// `X-DocuSign-Signature-N` header per active key.
/// </summary>
public sealed class DocuSignTests : BodySigningProviderContract
{
    /// <summary>A Connect key as DocuSign shows it: it looks like base64, but the key is its text.</summary>
    private const string ConnectKey = "kAeP3E0IrWLPaXBq7/SOkqRhYNq8Xzb5bW9ec3uvM4k=";

    protected override string Provider => "docusign";

    protected override string SignatureHeader => "X-DocuSign-Signature-1";

    protected override IEnumerable<string> MalformedSignatures => MalformedMacs.Base64();

    protected override Request Signed(string secret, byte[] body, DateTimeOffset signedAt) =>
        Request.Post(body).Header("X-DocuSign-Signature-1", Sign.Sha256Base64(secret, body));

    [Fact]
    public void Key_is_the_text_DocuSign_shows_and_the_body_keeps_its_line_endings()
    {
        var body = Encoding.UTF8.GetBytes("{\"event\":\"envelope-completed\",\"apiVersion\":\"v2.1\",\"data\":{\"envelopeId\":\"93be49ab-0000-0000-0000-000000000000\"}}\r\n");
        var verifier = Verifiers.Create("docusign", ConnectKey);
        var request = Request.Post(body).Header("X-DocuSign-Signature-1", Sign.Sha256Base64(ConnectKey, body));
        Expect.Verified(request.VerifyWith(verifier));
        Expect.Failed(FailureCode.InvalidSignature, request.Clone().WithBody(body[..^2]).VerifyWith(verifier));
    }

    /// <summary>With several keys active, DocuSign sends one header per key: the policy's key may be any of them.</summary>
    [Theory]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(16)]
    public void Signature_of_the_configured_key_may_be_in_any_numbered_header(int position)
    {
        var request = Request.Post(DefaultBody);
        for (var n = 1; n <= position; n++)
        {
            request.Header($"X-DocuSign-Signature-{n}", Sign.Sha256Base64(n == position ? Secret : $"another key {n}", DefaultBody));
        }

        Expect.Verified(request.VerifyWith(Verifier(Secret)));
    }

    [Fact]
    public void Headers_past_the_sixteenth_are_not_read()
    {
        var request = Request.Post(DefaultBody);
        for (var n = 1; n <= 17; n++)
        {
            request.Header($"X-DocuSign-Signature-{n}", Sign.Sha256Base64(n == 17 ? Secret : $"another key {n}", DefaultBody));
        }

        Expect.Failed(FailureCode.InvalidSignature, request.VerifyWith(Verifier(Secret)));
    }

    [Fact]
    public void Several_signatures_none_ours_is_invalid_with_a_count()
    {
        var request = Valid().ReplaceHeader("X-DocuSign-Signature-1", Sign.Sha256Base64(WrongSecret, DefaultBody))
            .Header("X-DocuSign-Signature-2", Sign.Sha256Base64(PreviousSecret, DefaultBody));
        var result = request.VerifyWith(Verifier(Secret));
        Expect.Failed(FailureCode.InvalidSignature, result);
        Assert.Contains("2 signatures", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_further_header_repeated_is_malformed_and_an_undecodable_one_is_skipped()
    {
        Expect.Failed(FailureCode.MalformedSignature, Valid().Header("X-DocuSign-Signature-2", "a").Header("X-DocuSign-Signature-2", "b").VerifyWith(Verifier(Secret)));
        Expect.Verified(Valid().Header("X-DocuSign-Signature-2", "not a signature").VerifyWith(Verifier(Secret)));
    }

    [Fact]
    public void Without_the_first_header_the_request_is_unsigned()
    {
        var request = Request.Post(DefaultBody).Header("X-DocuSign-Signature-2", Sign.Sha256Base64(Secret, DefaultBody));
        Expect.Failed(FailureCode.MissingSignature, request.VerifyWith(Verifier(Secret)));
    }

    [Fact]
    public void Deliveries_are_keyed_by_content()
    {
        Assert.Equal(IdempotencyKeyKind.Content, Verifier(Secret).DefaultKeyKind);
    }
}
