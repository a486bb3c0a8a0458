using WebhookFirewall.Verification.Primitives;
using WebhookFirewall.Verification.Schemes;

namespace WebhookFirewall.Verification.Providers.Handshakes;

/// <summary>
/// Meta's unsigned `GET ?hub.mode=subscribe&amp;hub.verify_token=T&amp;hub.challenge=C` → C, proved by the verify
/// token; 403 invalid_verify_token on a wrong one.
/// </summary>
internal sealed class MetaSubscription(string verifyToken) : IHandshake
{
    private readonly SecretTokens _verifyToken = new([verifyToken]);

    public bool TryAnswer(in WebhookRequest request, int secretIndex, out VerificationResult result)
    {
        result = default;
        if (!HttpMethods.IsGet(request.Method))
        {
            return false;
        }

        var mode = QueryParameters.Get(request.QueryString, "hub.mode");
        if (mode.Presence == HeaderPresence.Missing)
        {
            return false;
        }

        var token = QueryParameters.Get(request.QueryString, "hub.verify_token");
        if (mode.Value != "subscribe" || token.Presence != HeaderPresence.Single || _verifyToken.IndexOf(token.Value) < 0)
        {
            result = VerificationResult.Fail(
                FailureCode.InvalidVerifyToken,
                "a subscription handshake (GET with hub.mode) whose hub.mode is not subscribe, or whose hub.verify_token is absent, repeated or not the configured VerifyToken: check VerifyToken against the one entered at Meta.");
            return true;
        }

        var challenge = QueryParameters.Get(request.QueryString, "hub.challenge");
        result = challenge.Presence == HeaderPresence.Single
            ? VerificationResult.Challenge(HandshakeResponse.PlainText(challenge.Value!))
            : VerificationResult.Fail(FailureCode.MalformedSignature, "a subscription handshake with the right verify token but without exactly one hub.challenge.");
        return true;
    }
}
