using WebhookFirewall.Verification.Primitives;

namespace WebhookFirewall.Verification.Schemes;

/// <summary>
/// A shared token in a query parameter of the registered URL (Event Grid's documented alternative to a header):
/// compared in constant time like <see cref="TokenCheck"/>. Signing cannot express it as a header: the token goes
/// into the URL the operator registers.
/// </summary>
internal sealed class QueryTokenCheck(string parameter, IReadOnlyList<string> secrets) : ISignatureCheck
{
    private readonly SecretTokens _tokens = new(secrets);

    public string Parameter => parameter;

    public Coverage Covers => Coverage.None;

    public SignatureCheckResult Check(in WebhookRequest request) =>
        TokenCheck.Judge(QueryParameters.Get(request.QueryString, parameter), $"The query parameter `{parameter}`", _tokens);
}
