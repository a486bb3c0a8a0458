using WebhookFirewall.Verification.Primitives;
using WebhookFirewall.Verification.Schemes;

namespace WebhookFirewall.Verification.Providers.Handshakes;

/// <summary>
/// Asana's establishing POST with `X-Hook-Secret: s` → 200, `X-Hook-Secret: s`, no body. The secret is echoed, never
/// learnt: deliveries are verified with the secret from config only (see the asana row of the presets).
/// </summary>
internal sealed class AsanaSecretEcho : IHandshake
{
    private const string SecretHeader = "X-Hook-Secret";

    // Asana's secrets are 64 hex digits; the echo goes into a response header, so nothing but visible ASCII.
    private const int MaxEchoLength = 1024;

    public bool TryAnswer(in WebhookRequest request, int secretIndex, out VerificationResult result)
    {
        result = default;
        var secret = request.Headers.Get(SecretHeader);
        if (secret.Presence == HeaderPresence.Missing || !HttpMethods.IsPost(request.Method))
        {
            return false;
        }

        result = secret.Presence == HeaderPresence.Single && HeaderEcho.IsSafe(secret.Value!, MaxEchoLength)
            ? VerificationResult.Challenge(new HandshakeResponse(200, null, string.Empty, [new(SecretHeader, secret.Value!)]))
            : VerificationResult.Fail(FailureCode.MalformedSignature, Reasons.CannotEcho(SecretHeader, MaxEchoLength));
        return true;
    }
}
