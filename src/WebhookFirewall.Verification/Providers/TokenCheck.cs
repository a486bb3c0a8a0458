using WebhookFirewall.Verification.Primitives;

namespace WebhookFirewall.Verification.Providers;

/// <summary>A shared secret sent as is in a header (GitLab, Telegram, generic `token`): compared in constant time.</summary>
public sealed class TokenCheck(string header, IReadOnlyList<string> secrets) : ISignatureCheck, IWebhookSigner
{
    private readonly SecretTokens _tokens = new(secrets);

    public SignatureCheckResult Check(in WebhookRequest request)
    {
        var value = request.Headers.Get(header);
        switch (value.Presence)
        {
            case HeaderPresence.Missing:
                return SignatureCheckResult.Fail(FailureCode.MissingSignature);
            case HeaderPresence.Multiple:
                return SignatureCheckResult.Fail(FailureCode.MalformedSignature);
        }

        if (value.Value!.Length == 0)
        {
            return SignatureCheckResult.Fail(FailureCode.MalformedSignature);
        }

        var index = _tokens.IndexOf(value.Value);
        return index < 0 ? SignatureCheckResult.Fail(FailureCode.InvalidSignature) : SignatureCheckResult.Matched(index);
    }

    public void Sign(SigningInput input, ICollection<KeyValuePair<string, string>> headers) => headers.Add(new(header, secrets[0]));
}
