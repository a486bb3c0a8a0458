using System.Security.Cryptography;
using System.Text;
using WebhookFirewall.Verification.Primitives;
using WebhookFirewall.Verification.Schemes;

namespace WebhookFirewall.Verification.Providers.Handshakes;

/// <summary>
/// Zoom's signed `{"event":"endpoint.url_validation","payload":{"plainToken":"..."}}` → plainToken and its HMAC, as
/// JSON, keyed with the secret that verified the request (during a rotation, the one Zoom signed with), for a
/// plainToken of the shape <see cref="ChallengeTokens"/> allows.
/// </summary>
internal sealed class ZoomUrlValidation(byte[][] keys) : IHandshake
{
    public bool TryAnswer(in WebhookRequest request, int secretIndex, out VerificationResult result)
    {
        result = default;
        var body = request.Body.Span;
        if (!JsonBodyFields.StringEquals(body, "event"u8, "endpoint.url_validation"u8))
        {
            return false;
        }

        // Signed by Zoom but not answerable: never forwarded as a delivery either.
        if (!HandshakeJson.TryReadString(body, firstOfArray: false, ["payload", "plainToken"], out var plainToken) || secretIndex < 0 || secretIndex >= keys.Length)
        {
            result = VerificationResult.Fail(FailureCode.MalformedSignature, "a signed endpoint.url_validation event without a payload.plainToken string: nothing to answer, and a handshake is never forwarded.");
            return true;
        }

        // The answer is a MAC under the delivery key of a token the request chose: only for tokens that cannot be one
        // (a delivery signs "v0:{timestamp}:{body}"). Zoom's own tokens are short URL-safe strings.
        result = ChallengeTokens.CannotBeADelivery(plainToken)
            ? VerificationResult.Challenge(HandshakeResponse.Json(Answer(plainToken, keys[secretIndex])), secretIndex)
            : VerificationResult.Fail(FailureCode.MalformedSignature, $"a signed endpoint.url_validation whose plainToken is not {ChallengeTokens.Rule}: its answer would be a signature of text that could be a delivery, so it is not given.");
        return true;
    }

    private static string Answer(string plainToken, byte[] key) => HandshakeJson.Object(
    [
        new("plainToken", plainToken),
        new("encryptedToken", Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(plainToken)))),
    ]);
}
