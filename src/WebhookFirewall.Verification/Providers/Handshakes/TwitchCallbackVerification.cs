using WebhookFirewall.Verification.Primitives;
using WebhookFirewall.Verification.Schemes;

namespace WebhookFirewall.Verification.Providers.Handshakes;

/// <summary>Twitch's signed `Twitch-Eventsub-Message-Type: webhook_callback_verification` → the body's `challenge`, raw.</summary>
internal sealed class TwitchCallbackVerification : IHandshake
{
    public const string TypeHeader = "Twitch-Eventsub-Message-Type";

    public bool TryAnswer(in WebhookRequest request, int secretIndex, out VerificationResult result)
    {
        result = default;
        var type = request.Headers.Get(TypeHeader);
        if (type.Presence == HeaderPresence.Multiple)
        {
            // Ambiguous: is it a verification (answer) or a notification (forward)? Neither.
            result = VerificationResult.Fail(FailureCode.MalformedSignature, Reasons.Repeated(TypeHeader));
            return true;
        }

        if (type.Presence == HeaderPresence.Missing || !string.Equals(type.Value, "webhook_callback_verification", StringComparison.Ordinal))
        {
            return false;
        }

        // Signed by Twitch but without a challenge: nothing to answer, and a handshake is never forwarded.
        result = JsonBodyFields.TryGetString(request.Body.Span, "challenge"u8, out var challenge) && !string.IsNullOrEmpty(challenge)
            ? VerificationResult.Challenge(HandshakeResponse.PlainText(challenge), secretIndex)
            : VerificationResult.Fail(FailureCode.MalformedSignature, "a signed webhook_callback_verification without a challenge string: nothing to answer, and a handshake is never forwarded.");
        return true;
    }
}
