using WebhookFirewall.Verification.Primitives;
using WebhookFirewall.Verification.Schemes;

namespace WebhookFirewall.Verification.Providers.Handshakes;

/// <summary>A verified body whose `type` is the PING number is answered here; every other type is forwarded.</summary>
internal sealed class DiscordPing(long pingType, HandshakeResponse answer) : IHandshake
{
    public bool TryAnswer(in WebhookRequest request, int secretIndex, out VerificationResult result)
    {
        // Every verified delivery passes here: compare the number in place, allocating nothing.
        if (JsonBodyFields.NumberEquals(request.Body.Span, "type"u8, pingType))
        {
            result = VerificationResult.Challenge(answer, secretIndex);
            return true;
        }

        result = default;
        return false;
    }
}
