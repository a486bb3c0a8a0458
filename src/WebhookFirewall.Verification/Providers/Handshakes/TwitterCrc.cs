using System.Security.Cryptography;
using System.Text;
using WebhookFirewall.Verification.Primitives;
using WebhookFirewall.Verification.Schemes;

namespace WebhookFirewall.Verification.Providers.Handshakes;

/// <summary>
/// X's (Twitter's) unsigned challenge-response check, `GET ?crc_token=T` →
/// `{"response_token":"sha256=<base64 HMAC-SHA256(consumer secret, T)>"}`, answered with the first secret (X knows
/// one consumer secret at a time). The answer is a MAC, under the key that signs deliveries, of text the caller
/// chose: it is given only for a token that cannot be a delivery — no `{`, `}`, `"`, `:` or whitespace, at most
/// 256 characters — and <see cref="Twitter"/> refuses every delivery without a `{`.
/// </summary>
internal sealed class TwitterCrc(byte[] key) : IHandshake
{
    public const string TokenParameter = "crc_token";

    public bool TryAnswer(in WebhookRequest request, int secretIndex, out VerificationResult result)
    {
        result = default;
        if (!HttpMethods.IsGet(request.Method))
        {
            return false;
        }

        var token = QueryParameters.Get(request.QueryString, TokenParameter);
        switch (token.Presence)
        {
            case HeaderPresence.Missing:
                return false;
            case HeaderPresence.Single when ChallengeTokens.CannotBeADelivery(token.Value!):
                // Written as is: base64 holds nothing JSON escapes, and a JSON writer would escape '+' as \u002B.
                var mac = Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(token.Value!)));
                result = VerificationResult.Challenge(HandshakeResponse.Json($$"""{"response_token":"sha256={{mac}}"}"""), 0);
                return true;
            default:
                result = VerificationResult.Fail(
                    FailureCode.MalformedSignature,
                    $"a CRC GET whose {TokenParameter} is repeated, empty, or not {ChallengeTokens.Rule}: the answer would be a signature of text that could be a delivery, so it is not given.");
                return true;
        }
    }
}
