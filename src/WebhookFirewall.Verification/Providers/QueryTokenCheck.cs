using WebhookFirewall.Verification.Primitives;

namespace WebhookFirewall.Verification.Providers;

/// <summary>
/// A shared token in a query parameter of the registered URL (Event Grid's documented alternative to a header):
/// compared in constant time like <see cref="TokenCheck"/>. Signing cannot express it as a header: the token goes
/// into the URL the operator registers.
/// </summary>
public sealed class QueryTokenCheck(string parameter, IReadOnlyList<string> secrets) : ISignatureCheck
{
    private readonly SecretTokens _tokens = new(secrets);

    public SignatureCheckResult Check(in WebhookRequest request)
    {
        var value = QueryParameters.Get(request.QueryString, parameter);
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
}
