using WebhookFirewall.Verification;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>Providers whose signature covers the body: any change to the bytes must be refused.</summary>
public abstract class BodySigningProviderContract : ProviderContract
{
    [Fact]
    public void Tampered_body_is_invalid_signature()
    {
        var verifier = Verifier(Secret);
        byte[][] tampered =
        [
            [.. DefaultBody[..^1], (byte)(DefaultBody[^1] ^ 0x01)], // one bit flipped
            [.. DefaultBody, (byte)' '],                            // a trailing space, as a re-serialiser adds
            DefaultBody[..^1],                                      // truncated
            [],                                                     // emptied
        ];
        foreach (var body in tampered)
        {
            Expect.Failed(FailureCode.InvalidSignature, Valid().WithBody(body).VerifyWith(verifier));
        }
    }
}
