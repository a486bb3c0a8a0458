using WebhookFirewall.Verification.Primitives;

namespace WebhookFirewall.Verification.Providers;

/// <summary>
/// Asana: `X-Hook-Signature`, hex HMAC-SHA256 of the body, keyed with the secret Asana issued when the webhook was
/// established. The establishing handshake, a POST with `X-Hook-Secret`, is answered 200 with that header echoed.
/// </summary>
/// <remarks>
/// The secret comes from config only; the handshake never installs it. Anyone can POST an `X-Hook-Secret` to a
/// public URL, and a firewall that learnt its key from the first handshake (trust on first use) would verify an
/// attacker's signatures from then on, or after a restart, or on the replica the attacker reached first. Echoing
/// the header keeps nothing and reveals only what the caller sent, so every handshake is answered: that is what lets
/// Asana establish the webhook through the firewall.
///
/// How the operator gets the secret: Asana returns it to whoever establishes the webhook. The `POST /webhooks`
/// call that triggers the handshake answers 201 with `"X-Hook-Secret"` in its body (Asana's "Establish a webhook"
/// reference). Put that value in `Secrets` (rotation lists work as for every provider); the config reloads without
/// a restart. A policy may be created with no secret yet, so that the route can answer the handshake before the
/// secret exists: until one is configured every delivery fails closed as invalid_signature, and Asana retries a
/// failed delivery for up to 24 hours.
/// </remarks>
public static class Asana
{
    private const string SecretHeader = "X-Hook-Secret";

    // Asana's secrets are 64 hex digits; the echo goes into a response header, so nothing but visible ASCII.
    private const int MaxEchoLength = 1024;

    public static ProviderDefinition Definition { get; } = new()
    {
        Name = "asana",
        Summary = "X-Hook-Signature: hex(HMAC-SHA256(secret from config, body)); X-Hook-Secret handshake echoed, never learnt",
        // Deliveries fail closed without one (see remarks): the handshake must work before the secret is known.
        NeedsSecrets = false,
        Create = (settings, problems) =>
        {
            for (var i = 0; i < settings.Secrets.Count; i++)
            {
                if (string.IsNullOrEmpty(settings.Secrets[i]))
                {
                    // An empty HMAC key is one anyone can sign with.
                    problems.Add(new SettingProblem($"Secrets:{i}", "is empty"));
                }
            }

            return new ProviderVerifier(
                "asana",
                new HmacSignatureCheck("X-Hook-Signature", SigningKeys.Decode(settings.Secrets, SecretDecoding.Utf8, problems)),
                settings.ReplayWindow,
                Definition!.DeliveryIdFor(settings),
                unsignedHandshake: new SecretEcho());
        },
    };

    /// <summary>A POST with `X-Hook-Secret: s` → 200, `X-Hook-Secret: s`, no body.</summary>
    private sealed class SecretEcho : IHandshake
    {
        public bool TryAnswer(in WebhookRequest request, int secretIndex, out VerificationResult result)
        {
            result = default;
            var secret = request.Headers.Get(SecretHeader);
            if (secret.Presence == HeaderPresence.Missing || !HttpMethods.IsPost(request.Method))
            {
                return false;
            }

            result = secret.Presence == HeaderPresence.Single && HeaderEcho.IsSafe(secret.Value!, MaxEchoLength)
                ? VerificationResult.Challenge(new HandshakeResponse(200, null, string.Empty, [new(SecretHeader, secret.Value!)]))
                : VerificationResult.Fail(FailureCode.MalformedSignature);
            return true;
        }
    }
}
