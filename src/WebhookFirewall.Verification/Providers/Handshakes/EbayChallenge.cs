using System.Security.Cryptography;
using System.Text;
using WebhookFirewall.Verification.Primitives;
using WebhookFirewall.Verification.Schemes;

namespace WebhookFirewall.Verification.Providers.Handshakes;

/// <summary>
/// eBay's endpoint validation: `GET ?challenge_code=C` → 200 `{"challengeResponse": hex(SHA-256(C ‖ VerifyToken ‖
/// endpoint URL))}`, the URL being `PublicUrl` exactly as registered with eBay (eBay/event-notification-nodejs-sdk
/// lib/validator.js, generateChallengeResponse). Unsigned, and proved by the verification token it hashes: only
/// the holder of the token can answer. It is no signing oracle — eBay signs deliveries with ECDSA, not with a hash
/// of the token — and the code is bounded (visible ASCII, at most 256 characters).
/// </summary>
internal sealed class EbayChallenge(string verifyToken, string endpoint) : IHandshake
{
    private const int MaxCodeLength = 256;

    public bool TryAnswer(in WebhookRequest request, int secretIndex, out VerificationResult result)
    {
        result = default;
        if (!HttpMethods.IsGet(request.Method))
        {
            return false;
        }

        var code = QueryParameters.Get(request.QueryString, "challenge_code");
        switch (code.Presence)
        {
            case HeaderPresence.Missing:
                return false;
            case HeaderPresence.Single when HeaderEcho.IsSafe(code.Value!, MaxCodeLength):
                result = VerificationResult.Challenge(HandshakeResponse.Json(HandshakeJson.Object("challengeResponse", Answer(code.Value!))));
                return true;
            default:
                result = VerificationResult.Fail(FailureCode.MalformedSignature, $"an endpoint validation GET whose challenge_code is repeated, empty, longer than {MaxCodeLength} characters or not visible ASCII.");
                return true;
        }
    }

    private string Answer(string code) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(code + verifyToken + endpoint)));
}
