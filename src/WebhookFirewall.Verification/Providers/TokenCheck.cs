using WebhookFirewall.Verification.Primitives;

namespace WebhookFirewall.Verification.Providers;

/// <summary>A shared secret sent as is in a header (GitLab, Telegram, generic `token`): compared in constant time.</summary>
public sealed class TokenCheck(string header, IReadOnlyList<string> secrets) : ISignatureCheck, IWebhookSigner
{
    private readonly SecretTokens _tokens = new(secrets);

    public SignatureCheckResult Check(in WebhookRequest request) => Judge(request.Headers.Get(header), _tokens);

    /// <summary>
    /// A presented token, wherever it came from (a header here, a query parameter for Event Grid): absent is missing,
    /// repeated or empty is malformed, otherwise the matching secret's index or invalid.
    /// </summary>
    internal static SignatureCheckResult Judge(HeaderValue presented, SecretTokens tokens)
    {
        switch (presented.Presence)
        {
            case HeaderPresence.Missing:
                return SignatureCheckResult.Fail(FailureCode.MissingSignature);
            case HeaderPresence.Multiple:
                return SignatureCheckResult.Fail(FailureCode.MalformedSignature);
        }

        if (presented.Value!.Length == 0)
        {
            return SignatureCheckResult.Fail(FailureCode.MalformedSignature);
        }

        var index = tokens.IndexOf(presented.Value);
        return index < 0 ? SignatureCheckResult.Fail(FailureCode.InvalidSignature) : SignatureCheckResult.Matched(index);
    }

    public void Sign(SigningInput input, ICollection<KeyValuePair<string, string>> headers) => headers.Add(new(header, secrets[0]));
}
