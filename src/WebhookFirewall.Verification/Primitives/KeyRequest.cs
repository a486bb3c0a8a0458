using System.Net.Http.Headers;

namespace WebhookFirewall.Verification.Primitives;

/// <summary>
/// One HTTP request for key material (or, for AWS SNS, a subscription confirmation), built only from a URL that
/// already passed its provider's host rule.
/// </summary>
/// <param name="Url">The URL, https unless <paramref name="AllowPlainHttp"/>.</param>
/// <param name="Description">The URL as reasons may show it (scheme://host/path: a query may hold a credential).</param>
/// <param name="AllowPlainHttp">Only for a `KeyEndpoint` on a loopback address, where TLS would protect nothing.</param>
internal sealed record KeyRequest(Uri Url, string Description, bool AllowPlainHttp = false)
{
    public HttpMethod Method { get; init; } = HttpMethod.Get;

    /// <summary>A request body (Plaid's key request, eBay's token request).</summary>
    public HttpContent? Content { get; init; }

    /// <summary>Credentials for the provider's key API (eBay's token); never logged or shown.</summary>
    public AuthenticationHeaderValue? Authorization { get; init; }
}
