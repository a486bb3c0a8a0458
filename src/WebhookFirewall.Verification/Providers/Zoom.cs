using System.Security.Cryptography;
using System.Text;
using WebhookFirewall.Verification.Primitives;

namespace WebhookFirewall.Verification.Providers;

/// <summary>
/// Zoom: `x-zm-signature: v0=` hex HMAC-SHA256 of `v0:{x-zm-request-timestamp}:{body}` (Unix seconds) with the
/// webhook secret token. The signed `endpoint.url_validation` event is answered with
/// `{"plainToken":p,"encryptedToken":hex(HMAC-SHA256(secret, p))}`, keyed with the secret that verified the request
/// (during a rotation, the one Zoom signed with). Zoom documents no id that stays the same across its retries, so
/// there is no default delivery id; `Idempotency:KeyHeader` can name one.
/// </summary>
public static class Zoom
{
    // Declared before Definition: static initializers run in order.
    private static readonly SignedContentTemplate SignedContent = SignedContentTemplate.Parse("v0:{timestamp}:{body}");

    public static ProviderDefinition Definition { get; } = new()
    {
        Name = "zoom",
        Summary = "x-zm-signature: v0=hex(HMAC-SHA256(secret, \"v0:{timestamp}:{body}\")), x-zm-request-timestamp; signed endpoint.url_validation answered",
        Create = (settings, problems) =>
        {
            var keys = SigningKeys.Decode(settings.Secrets, SecretDecoding.Utf8, problems);
            return new ProviderVerifier(
                "zoom",
                new HmacSignatureCheck("x-zm-signature", keys)
                {
                    Prefix = "v0=",
                    SignedContent = SignedContent,
                    TimestampHeader = "x-zm-request-timestamp",
                },
                settings.ReplayWindow,
                Definition!.DeliveryIdFor(settings),
                signedHandshake: new UrlValidation(keys));
        },
    };

    /// <summary>`{"event":"endpoint.url_validation","payload":{"plainToken":"..."}}` → plainToken and its HMAC, as JSON.</summary>
    private sealed class UrlValidation(byte[][] keys) : IHandshake
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
            result = HandshakeJson.TryReadString(body, firstOfArray: false, ["payload", "plainToken"], out var plainToken) && secretIndex >= 0 && secretIndex < keys.Length
                ? VerificationResult.Challenge(HandshakeResponse.Json(Answer(plainToken, keys[secretIndex])), secretIndex)
                : VerificationResult.Fail(FailureCode.MalformedSignature);
            return true;
        }

        private static string Answer(string plainToken, byte[] key) => HandshakeJson.Object(
        [
            new("plainToken", plainToken),
            new("encryptedToken", Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(plainToken)))),
        ]);
    }
}
