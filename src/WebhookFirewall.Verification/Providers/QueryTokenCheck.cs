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

    public SignatureCheckResult Check(in WebhookRequest request) =>
        TokenCheck.Judge(QueryParameters.Get(request.QueryString, parameter), _tokens);
}
