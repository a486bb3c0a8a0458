namespace WebhookFirewall.Verification.Providers;

/// <summary>
/// Okta event hooks: the shared secret configured on the hook, sent as is in `Authorization` (or the header named by
/// `Header`) and compared in constant time. The one-time verification `GET` carrying
/// `X-Okta-Verification-Challenge: v` is answered `{"verification":"v"}`.
/// </summary>
/// <remarks>
/// The verification GET must carry the secret too. Okta sends its authorization header with every request, the
/// verification included (Okta's event-hooks concept page: "Okta provides it in every request"; its support
/// article on failed verifications shows the GET with `Authorization: my-shared-secret`). The answer is consent to
/// receive a hook: given without the secret, any Okta org could verify a hook of its own against this endpoint.
/// With it, a stranger's GET is 401 like any unauthenticated request.
/// </remarks>
public static class Okta
{
    private const string ChallengeHeader = "X-Okta-Verification-Challenge";

    public static ProviderDefinition Definition { get; } = new()
    {
        Name = "okta",
        Summary = "Authorization (or Header) equals a configured secret (constant-time); authenticated GET X-Okta-Verification-Challenge answered",
        // The request's own id; Okta retries at most once. Each event also has a uuid inside data.events.
        DefaultDeliveryId = DeliveryIdSource.JsonField("eventId"),
        Create = (settings, _) => new ProviderVerifier(
            "okta",
            new TokenCheck(string.IsNullOrWhiteSpace(settings.Header) ? "Authorization" : settings.Header, settings.Secrets),
            settings.ReplayWindow,
            Definition!.DeliveryIdFor(settings),
            signedHandshake: new VerificationChallenge()),
    };

    /// <summary>An authenticated `GET` with `X-Okta-Verification-Challenge: v` → `{"verification":"v"}`.</summary>
    private sealed class VerificationChallenge : IHandshake
    {
        public bool TryAnswer(in WebhookRequest request, int secretIndex, out VerificationResult result)
        {
            result = default;
            if (!HttpMethods.IsGet(request.Method))
            {
                return false;
            }

            var challenge = request.Headers.Get(ChallengeHeader);
            switch (challenge.Presence)
            {
                case HeaderPresence.Missing:
                    return false;
                case HeaderPresence.Multiple:
                    result = VerificationResult.Fail(FailureCode.MalformedSignature);
                    return true;
            }

            result = challenge.Value!.Length == 0
                ? VerificationResult.Fail(FailureCode.MalformedSignature)
                : VerificationResult.Challenge(HandshakeResponse.Json(HandshakeJson.Object("verification", challenge.Value)), secretIndex);
            return true;
        }
    }
}
