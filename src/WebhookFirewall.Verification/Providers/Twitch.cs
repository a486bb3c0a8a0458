using WebhookFirewall.Verification.Primitives;

namespace WebhookFirewall.Verification.Providers;

/// <summary>
/// Twitch EventSub: `Twitch-Eventsub-Message-Signature: sha256=` hex HMAC-SHA256 of message id + timestamp + body,
/// the timestamp RFC 3339 with nanoseconds (held to the policy's ReplayWindow; Twitch itself suggests 10 minutes).
/// The signed `webhook_callback_verification` is answered with its raw `challenge` as text/plain. Retries keep
/// their Message-Id, the delivery id.
/// </summary>
public static class Twitch
{
    private const string IdHeader = "Twitch-Eventsub-Message-Id";
    private const string TypeHeader = "Twitch-Eventsub-Message-Type";

    // Declared before Definition: static initializers run in order.
    private static readonly SignedContentTemplate SignedContent = SignedContentTemplate.Parse("{id}{timestamp}{body}");

    public static ProviderDefinition Definition { get; } = new()
    {
        Name = "twitch",
        Summary = "Twitch-Eventsub-Message-Signature: sha256=hex(HMAC-SHA256(secret, id + timestamp + body)); callback verification answered",
        DefaultDeliveryId = DeliveryIdSource.Header(IdHeader),
        Create = (settings, problems) => new ProviderVerifier(
            "twitch",
            new HmacSignatureCheck("Twitch-Eventsub-Message-Signature", SigningKeys.Decode(settings.Secrets, SecretDecoding.Utf8, problems))
            {
                Prefix = "sha256=",
                SignedContent = SignedContent,
                TimestampHeader = "Twitch-Eventsub-Message-Timestamp",
                TimestampUnit = TimestampUnit.Rfc3339,
                DeliveryIdHeader = IdHeader,
            },
            settings.ReplayWindow,
            Definition!.DeliveryIdFor(settings),
            signedHandshake: new CallbackVerification()),
    };

    /// <summary>`Twitch-Eventsub-Message-Type: webhook_callback_verification` → the body's `challenge`, raw.</summary>
    private sealed class CallbackVerification : IHandshake
    {
        public bool TryAnswer(in WebhookRequest request, int secretIndex, out VerificationResult result)
        {
            result = default;
            var type = request.Headers.Get(TypeHeader);
            if (type.Presence == HeaderPresence.Multiple)
            {
                // Ambiguous: is it a verification (answer) or a notification (forward)? Neither.
                result = VerificationResult.Fail(FailureCode.MalformedSignature);
                return true;
            }

            if (type.Presence == HeaderPresence.Missing || !string.Equals(type.Value, "webhook_callback_verification", StringComparison.Ordinal))
            {
                return false;
            }

            // Signed by Twitch but without a challenge: nothing to answer, and a handshake is never forwarded.
            result = JsonBodyFields.TryGetString(request.Body.Span, "challenge"u8, out var challenge) && !string.IsNullOrEmpty(challenge)
                ? VerificationResult.Challenge(HandshakeResponse.PlainText(challenge), secretIndex)
                : VerificationResult.Fail(FailureCode.MalformedSignature);
            return true;
        }
    }
}
