using WebhookFirewall.Verification.Primitives;
using WebhookFirewall.Verification.Schemes;

namespace WebhookFirewall.Verification.Providers.Handshakes;

/// <summary>
/// Microsoft Graph's endpoint validation: `POST ?validationToken=T` → 200 `text/plain` with the URL-decoded T, within
/// 10 s (microsoftgraph/microsoft-graph-docs-contrib, concepts/includes/change-notifications-delivery-notificationurl-validation.md).
/// It is unsigned and carries no clientState, so it is answered to anyone: the echo is the caller's own text, no MAC,
/// and reveals nothing. It is sent as plain text with `nosniff`, and a token that holds markup or control characters
/// — which Graph says it never sends — is refused, so the echo cannot serve as a reflection of someone else's page.
/// </summary>
internal sealed class GraphValidationToken : IHandshake
{
    private const string Parameter = "validationToken";

    // Graph's tokens are a sentence and a request id; the bound keeps the echo small.
    private const int MaxTokenLength = 2048;


    public bool TryAnswer(in WebhookRequest request, int secretIndex, out VerificationResult result)
    {
        result = default;
        if (!HttpMethods.IsPost(request.Method))
        {
            return false;
        }

        var token = QueryParameters.Get(request.QueryString, Parameter);
        if (token.Presence == HeaderPresence.Missing)
        {
            return false;
        }

        result = token.Presence == HeaderPresence.Single && IsEchoable(token.Value!)
            ? VerificationResult.Challenge(HandshakeResponse.PlainText(token.Value!, EchoHeaders.NoSniff))
            : VerificationResult.Fail(FailureCode.MalformedSignature, $"a validation POST whose {Parameter} is repeated, empty, longer than {MaxTokenLength} characters, or holds markup or control characters: it is not echoed.");
        return true;
    }

    private static bool IsEchoable(string token)
    {
        if (token.Length is 0 or > MaxTokenLength)
        {
            return false;
        }

        foreach (var c in token)
        {
            if (c is < ' ' or '\u007f' or '<' or '>')
            {
                return false;
            }
        }

        return true;
    }
}
