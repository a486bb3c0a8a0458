using WebhookFirewall.Verification.Primitives;
using WebhookFirewall.Verification.Schemes;

namespace WebhookFirewall.Verification.Providers.Handshakes;

/// <summary>
/// Worldline Connect's endpoint check: an unsigned `GET` whose `X-GCS-Webhooks-Endpoint-Verification` value is echoed
/// in the body (docs.connect.worldline-solutions.com/documentation/webhooks, "Before you start using webhooks"), as
/// text/plain — as the platform's own Magento extension answers it
/// (Ingenico-ePayments/connect-extension-magento2@2ff9dc47c6b9b1ef53162089f975b2495054127e
/// Controller/Webhooks/Webhook.php) — with `X-Content-Type-Options: nosniff`. Echoing what the caller sent reveals
/// nothing; the value is bounded and visible ASCII.
/// </summary>
internal sealed class WorldlineEndpointVerification : IHandshake
{
    public const string VerificationHeader = "X-GCS-Webhooks-Endpoint-Verification";

    private const int MaxEchoLength = 1024;


    public bool TryAnswer(in WebhookRequest request, int secretIndex, out VerificationResult result)
    {
        result = default;
        var verification = request.Headers.Get(VerificationHeader);
        if (verification.Presence == HeaderPresence.Missing || !HttpMethods.IsGet(request.Method))
        {
            return false;
        }

        result = verification.Presence == HeaderPresence.Single && HeaderEcho.IsSafe(verification.Value!, MaxEchoLength)
            ? VerificationResult.Challenge(HandshakeResponse.PlainText(verification.Value!, EchoHeaders.NoSniff))
            : VerificationResult.Fail(FailureCode.MalformedSignature, Reasons.CannotEcho(VerificationHeader, MaxEchoLength));
        return true;
    }
}
