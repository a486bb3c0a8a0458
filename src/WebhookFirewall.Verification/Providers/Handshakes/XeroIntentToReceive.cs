using WebhookFirewall.Verification.Primitives;
using WebhookFirewall.Verification.Schemes;

namespace WebhookFirewall.Verification.Providers.Handshakes;

/// <summary>
/// Xero's intent to receive: a series of POSTs whose `events` is empty, some signed correctly and some not, that must
/// be answered 200 and 401 respectively, with an empty body (developer.xero.com/documentation/webhooks/
/// configuring-your-server). Answered here whatever the policy's mode, so that Report mode cannot turn a wrong
/// signature into the 200 that would enable the webhook. The answer says only whether the signature held, as a
/// refusal would; the request is never forwarded (it carries no event).
/// </summary>
internal sealed class XeroIntentToReceive(ISignatureCheck check) : IHandshake
{
    public bool TryAnswer(in WebhookRequest request, int secretIndex, out VerificationResult result)
    {
        result = default;
        if (!HttpMethods.IsPost(request.Method) || !JsonBodyFields.IsEmptyArray(request.Body.Span, "events"u8))
        {
            return false;
        }

        var signature = check.Check(request);
        result = VerificationResult.Challenge(HandshakeResponse.Empty(signature.Succeeded ? 200 : 401), signature.SecretIndex);
        return true;
    }
}
