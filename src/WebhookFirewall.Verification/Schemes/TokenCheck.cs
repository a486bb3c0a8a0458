using WebhookFirewall.Verification.Primitives;

namespace WebhookFirewall.Verification.Schemes;

/// <summary>A shared secret sent as is in a header (GitLab, Telegram, Okta, generic `token`): compared in constant time.</summary>
internal sealed class TokenCheck(string header, IReadOnlyList<string> secrets) : ISignatureCheck, IWebhookSigner
{
    private readonly SecretTokens _tokens = new(secrets);

    public Coverage Covers => Coverage.None;

    public IReadOnlyList<string> CredentialHeaders { get; } = [header];

    public SignatureCheckResult Check(in WebhookRequest request) => Judge(request.Headers.Get(header), $"`{header}`", _tokens);

    /// <summary>
    /// A presented token, wherever it came from (a header here, a query parameter for Event Grid): absent is missing,
    /// repeated or empty is malformed, otherwise the matching secret's index or invalid.
    /// </summary>
    internal static SignatureCheckResult Judge(HeaderValue presented, string where, SecretTokens tokens)
    {
        switch (presented.Presence)
        {
            case HeaderPresence.Missing:
                return SignatureCheckResult.Fail(FailureCode.MissingSignature, $"{where} is absent: the request carries no token. Check that the secret token is set on the webhook at the provider.");
            case HeaderPresence.Multiple:
                return SignatureCheckResult.Fail(FailureCode.MalformedSignature, $"{where} appears more than once; it must appear exactly once (several values are ambiguous).");
        }

        if (presented.Value!.Length == 0)
        {
            return SignatureCheckResult.Fail(FailureCode.MalformedSignature, $"{where} is empty.");
        }

        var index = tokens.IndexOf(presented.Value);
        return index < 0
            ? SignatureCheckResult.Fail(FailureCode.InvalidSignature, Reasons.TokenMismatch(where, tokens.Count))
            : SignatureCheckResult.Matched(index);
    }

    public void Sign(SigningInput input, ICollection<KeyValuePair<string, string>> headers) => headers.Add(new(header, secrets[0]));
}
