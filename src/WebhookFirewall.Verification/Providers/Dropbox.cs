using WebhookFirewall.Verification.Primitives;

namespace WebhookFirewall.Verification.Providers;

/// <summary>
/// Dropbox: `X-Dropbox-Signature`, hex HMAC-SHA256 of the body with the app secret. The endpoint check is an
/// unsigned `GET ?challenge=X`, answered with X as text/plain and `X-Content-Type-Options: nosniff` (Dropbox asks
/// for both, so that the echoed text can never be sniffed as HTML). It carries no token: answering it proves only
/// that the URL answers, and echoing what the caller sent reveals nothing. Notifications carry no id.
/// </summary>
public static class Dropbox
{
    private static readonly KeyValuePair<string, string>[] NoSniff = [new("X-Content-Type-Options", "nosniff")];

    public static ProviderDefinition Definition { get; } = new()
    {
        Name = "dropbox",
        Summary = "X-Dropbox-Signature: hex(HMAC-SHA256(app secret, body)); unsigned GET ?challenge= echoed",
        Create = (settings, problems) => new ProviderVerifier(
            "dropbox",
            new HmacSignatureCheck("X-Dropbox-Signature", SigningKeys.Decode(settings.Secrets, SecretDecoding.Utf8, problems)),
            settings.ReplayWindow,
            Definition!.DeliveryIdFor(settings),
            unsignedHandshake: new ChallengeEcho()),
    };

    /// <summary>`GET ?challenge=X` → X. A GET without it goes on to the signature check (and fails there).</summary>
    private sealed class ChallengeEcho : IHandshake
    {
        public bool TryAnswer(in WebhookRequest request, int secretIndex, out VerificationResult result)
        {
            result = default;
            if (!HttpMethods.IsGet(request.Method))
            {
                return false;
            }

            var challenge = QueryParameters.Get(request.QueryString, "challenge");
            switch (challenge.Presence)
            {
                case HeaderPresence.Missing:
                    return false;
                case HeaderPresence.Single when challenge.Value!.Length > 0:
                    result = VerificationResult.Challenge(HandshakeResponse.PlainText(challenge.Value, NoSniff));
                    return true;
                default:
                    result = VerificationResult.Fail(FailureCode.MalformedSignature); // repeated or empty
                    return true;
            }
        }
    }
}
