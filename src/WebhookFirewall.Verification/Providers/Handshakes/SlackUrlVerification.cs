using System.Text;
using WebhookFirewall.Verification.Primitives;
using WebhookFirewall.Verification.Schemes;

namespace WebhookFirewall.Verification.Providers.Handshakes;

/// <summary>Slack's signed `{"type":"url_verification","challenge":"..."}` → the challenge as text/plain.</summary>
internal sealed class SlackUrlVerification : IHandshake
{
    private static readonly byte[] TypeName = Encoding.UTF8.GetBytes("type");
    private static readonly byte[] ChallengeName = Encoding.UTF8.GetBytes("challenge");

    public bool TryAnswer(in WebhookRequest request, int secretIndex, out VerificationResult result)
    {
        var body = request.Body.Span;
        // Every signed event passes here: compare `type` in place rather than allocate it as a string.
        if (JsonBodyFields.StringEquals(body, TypeName, "url_verification"u8)
            && JsonBodyFields.TryGetString(body, ChallengeName, out var challenge) && challenge is not null)
        {
            result = VerificationResult.Challenge(HandshakeResponse.PlainText(challenge), secretIndex);
            return true;
        }

        result = default;
        return false;
    }
}
