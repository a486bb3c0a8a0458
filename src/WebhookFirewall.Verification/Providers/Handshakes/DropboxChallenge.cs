using WebhookFirewall.Verification.Primitives;
using WebhookFirewall.Verification.Schemes;

namespace WebhookFirewall.Verification.Providers.Handshakes;

/// <summary>
/// Dropbox's unsigned `GET ?challenge=X` → X as text/plain with `X-Content-Type-Options: nosniff` (Dropbox asks for
/// both, so the echo can never be sniffed as HTML). It carries no token: answering proves only that the URL answers,
/// and echoing what the caller sent reveals nothing. A GET without it goes on to the signature check (and fails there).
/// </summary>
internal sealed class DropboxChallenge : IHandshake
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
                result = VerificationResult.Challenge(HandshakeResponse.PlainText(challenge.Value, EchoHeaders.NoSniff));
                return true;
            default:
                result = VerificationResult.Fail(FailureCode.MalformedSignature, "a challenge GET whose challenge parameter is empty or repeated.");
                return true;
        }
    }
}
