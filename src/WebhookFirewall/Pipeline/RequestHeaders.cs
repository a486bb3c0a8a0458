using WebhookFirewall.Verification;

namespace WebhookFirewall.Pipeline;

/// <summary>The verification library's view of ASP.NET Core request headers; repeated headers stay visible as such.</summary>
internal sealed class RequestHeaders(IHeaderDictionary headers) : IWebhookHeaders
{
    public HeaderValue Get(string name)
    {
        var values = headers[name];
        return values.Count switch
        {
            0 => HeaderValue.Missing,
            1 => HeaderValue.Single(values[0] ?? string.Empty),
            _ => HeaderValue.Multiple,
        };
    }
}
