using System.Security.Cryptography;
using System.Text;
using WebhookFirewall.Verification.Primitives;
using WebhookFirewall.Verification.Schemes;

namespace WebhookFirewall.Verification.Providers.Handshakes;

/// <summary>
/// Braintree's legacy destination check: `GET ?bt_challenge=C` → `public_key|hex(HMAC-SHA1(SHA-1(private key), C))`
/// (braintree/braintree_node, lib/braintree/webhook_notification_gateway.js, verify), with the first configured key
/// pair. The answer is a MAC under the key that signs deliveries, of bytes the caller chose, so it is given only for
/// the challenge shape the SDK accepts — 20 to 32 lowercase hex digits — and a delivery's payload must be the base64 of
/// an XML document (see <see cref="Braintree"/>), which no such challenge is: the answer never signs a delivery.
/// </summary>
internal sealed class BraintreeChallenge(string publicKey, byte[] macKey) : IHandshake
{
    private const string Parameter = "bt_challenge";


    public bool TryAnswer(in WebhookRequest request, int secretIndex, out VerificationResult result)
    {
        result = default;
        if (!HttpMethods.IsGet(request.Method))
        {
            return false;
        }

        var challenge = QueryParameters.Get(request.QueryString, Parameter);
        switch (challenge.Presence)
        {
            case HeaderPresence.Missing:
                return false;
            case HeaderPresence.Single when IsChallenge(challenge.Value!):
                Span<byte> mac = stackalloc byte[HMACSHA1.HashSizeInBytes];
                Hmac.Compute(HmacAlgorithm.Sha1, macKey, Encoding.ASCII.GetBytes(challenge.Value!), mac);
                result = VerificationResult.Challenge(HandshakeResponse.PlainText($"{publicKey}|{Convert.ToHexStringLower(mac)}", EchoHeaders.NoSniff), 0);
                return true;
            default:
                result = VerificationResult.Fail(FailureCode.MalformedSignature, $"a {Parameter} GET whose challenge is repeated or not 20 to 32 lowercase hex digits: it is not answered, as the answer is a MAC under the delivery key.");
                return true;
        }
    }

    /// <summary>`^[a-f0-9]{20,32}$`, as the SDK checks it.</summary>
    private static bool IsChallenge(string value)
    {
        if (value.Length is < 20 or > 32)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'f')))
            {
                return false;
            }
        }

        return true;
    }
}
