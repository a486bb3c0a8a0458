using WebhookFirewall.Verification.Primitives;
using WebhookFirewall.Verification.Schemes;

namespace WebhookFirewall.Verification.Providers.Handshakes;

/// <summary>
/// Okta's one-time verification: an authenticated `GET` with `X-Okta-Verification-Challenge: v` →
/// `{"verification":"v"}`. It must carry the secret too: Okta sends its authorization header with every request, and
/// the answer is consent to receive a hook — without the secret, any Okta org could verify a hook of its own here.
/// </summary>
internal sealed class OktaVerificationChallenge : IHandshake
{
    private const string ChallengeHeader = "X-Okta-Verification-Challenge";

    public bool TryAnswer(in WebhookRequest request, int secretIndex, out VerificationResult result)
    {
        result = default;
        if (!HttpMethods.IsGet(request.Method))
        {
            return false;
        }

        var challenge = request.Headers.Get(ChallengeHeader);
        switch (challenge.Presence)
        {
            case HeaderPresence.Missing:
                return false;
            case HeaderPresence.Multiple:
                result = VerificationResult.Fail(FailureCode.MalformedSignature, Reasons.Repeated(ChallengeHeader));
                return true;
        }

        result = challenge.Value!.Length == 0
            ? VerificationResult.Fail(FailureCode.MalformedSignature, $"`{ChallengeHeader}` is empty: nothing to answer.")
            : VerificationResult.Challenge(HandshakeResponse.Json(HandshakeJson.Object("verification", challenge.Value)), secretIndex);
        return true;
    }
}
