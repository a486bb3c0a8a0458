using WebhookFirewall.Verification;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>
/// Shared-token providers (GitLab, Telegram, generic `token`): the header carries the secret itself. It proves who
/// sent the request but not what: these schemes do not cover the body, and the tests say so.
/// </summary>
public abstract class TokenProviderContract : ProviderContract
{
    protected override IEnumerable<string> MalformedSignatures => [""];

    protected abstract Request Post(byte[] body);

    protected override Request Signed(string secret, byte[] body, DateTimeOffset signedAt) =>
        Post(body).Header(SignatureHeader, secret);

    /// <summary>The body is not covered: the attacker's change is to the token.</summary>
    protected override void Mutate(Request request, Random random) =>
        request.ReplaceHeader(SignatureHeader, Oracles.Change(request.Headers.Get(SignatureHeader).Value!, random));

    [Theory]
    [InlineData("It's the current secre")]
    [InlineData("It's the current secret ")]
    [InlineData(" It's the current secret")]
    [InlineData("IT'S THE CURRENT SECRET")]
    [InlineData("x")]
    public void Token_must_match_exactly(string presented)
    {
        Expect.Failed(FailureCode.InvalidSignature, Valid().ReplaceHeader(SignatureHeader, presented).VerifyWith(Verifier(Secret)));
    }

    [Fact]
    public void Long_token_is_compared_without_failing()
    {
        var request = Valid().ReplaceHeader(SignatureHeader, new string('é', 100_000));
        Expect.Failed(FailureCode.InvalidSignature, request.VerifyWith(Verifier(Secret)));
    }

    [Fact]
    public void Body_is_not_covered_by_a_token_so_a_changed_body_still_verifies()
    {
        Expect.Verified(Valid().WithBody("""{"something":"else"}""").VerifyWith(Verifier(Secret)));
    }
}
