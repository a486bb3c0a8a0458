using System.Text;
using WebhookFirewall.Verification.Primitives;

namespace WebhookFirewall.Verification.Providers;

/// <summary>
/// Linear: `Linear-Signature`, hex HMAC-SHA256 of the body. The replay clock is `webhookTimestamp`, milliseconds since
/// the epoch, inside the signed JSON body (Linear's SDK allows 60 s); a body without it is malformed. `Linear-Delivery`
/// is the delivery id.
/// </summary>
public static class Linear
{
    public static ProviderDefinition Definition { get; } = new()
    {
        Name = "linear",
        Summary = "Linear-Signature: hex(HMAC-SHA256(secret, body)); replay clock: webhookTimestamp (ms) in the JSON body",
        DefaultDeliveryId = DeliveryIdSource.Header("Linear-Delivery"),
        Create = (settings, problems) => new ProviderVerifier(
            "linear",
            new LinearSignatureCheck(new HmacSignatureCheck("Linear-Signature", SigningKeys.Decode(settings.Secrets, SecretDecoding.Utf8, problems))),
            settings.ReplayWindow,
            Definition!.DeliveryIdFor(settings)),
    };

    private sealed class LinearSignatureCheck(HmacSignatureCheck mac) : ISignatureCheck, IWebhookSigner
    {
        private static readonly byte[] TimestampField = Encoding.UTF8.GetBytes("webhookTimestamp");

        public SignatureCheckResult Check(in WebhookRequest request)
        {
            var signature = mac.Check(request);
            if (!signature.Succeeded)
            {
                return signature;
            }

            // Read only once the body is known to be Linear's: the timestamp it carries is then signed too.
            return JsonBodyFields.TryGetString(request.Body.Span, TimestampField, out var text)
                && Timestamps.TryParse(text, TimestampUnit.UnixMilliseconds, out var signedAt)
                ? SignatureCheckResult.Matched(signature.SecretIndex, signedAt)
                : SignatureCheckResult.Fail(FailureCode.MalformedSignature);
        }

        /// <summary>The signature only: the body must already carry its `webhookTimestamp`, as Linear's bodies do.</summary>
        public void Sign(SigningInput input, ICollection<KeyValuePair<string, string>> headers) => mac.Sign(input, headers);
    }
}
