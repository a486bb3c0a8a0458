namespace WebhookFirewall.Verification;

/// <summary>Everything a verifier may look at: the request exactly as received, and the clock.</summary>
public readonly struct WebhookRequest
{
    public WebhookRequest(string method, IWebhookHeaders headers, ReadOnlyMemory<byte> body, DateTimeOffset now, string queryString = "", string path = "/")
    {
        Method = method;
        Headers = headers;
        Body = body;
        Now = now;
        QueryString = queryString;
        Path = path;
    }

    public string Method { get; }

    public IWebhookHeaders Headers { get; }

    /// <summary>The raw body bytes: the same bytes that will be forwarded.</summary>
    public ReadOnlyMemory<byte> Body { get; }

    public DateTimeOffset Now { get; }

    /// <summary>The raw query string including its leading '?', or empty.</summary>
    public string QueryString { get; }

    /// <summary>The request path as received (percent-encoded, without the query), for schemes that sign it.</summary>
    public string Path { get; }
}
