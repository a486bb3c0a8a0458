using WebhookFirewall.Verification.Primitives;
using WebhookFirewall.Verification.Schemes;

namespace WebhookFirewall.Verification.Providers.Handshakes;

/// <summary>
/// The reachability check a provider makes when a webhook is added: `HEAD` → 200, no body (Mandrill: "a quick check
/// that the URL exists by using a HEAD request"; a webhook whose URL fails it is not added, or is probed with a POST
/// signed by a generic key instead). Unsigned, and answering reveals nothing but that the route is there.
/// </summary>
internal sealed class HeadProbe : IHandshake
{
    private static readonly HandshakeResponse Answer = HandshakeResponse.Empty(200);

    public bool TryAnswer(in WebhookRequest request, int secretIndex, out VerificationResult result)
    {
        result = default;
        if (!HttpMethods.IsHead(request.Method))
        {
            return false;
        }

        result = VerificationResult.Challenge(Answer);
        return true;
    }
}
