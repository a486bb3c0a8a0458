namespace WebhookFirewall.Verification;

/// <summary>The answer to a provider handshake, written by the firewall itself and never proxied.</summary>
public sealed class HandshakeResponse
{
    public HandshakeResponse(int statusCode, string? contentType, string body, IReadOnlyList<KeyValuePair<string, string>>? headers = null)
    {
        StatusCode = statusCode;
        ContentType = contentType;
        Body = body;
        Headers = headers ?? [];
    }

    public int StatusCode { get; }

    public string? ContentType { get; }

    public string Body { get; }

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

    public static HandshakeResponse PlainText(string body, IReadOnlyList<KeyValuePair<string, string>>? headers = null) =>
        new(200, "text/plain; charset=utf-8", body, headers);

    public static HandshakeResponse Json(string body) => new(200, "application/json", body);

    public static HandshakeResponse NoContent() => new(204, null, string.Empty);

    /// <summary>A status with an empty body (Xero's intent-to-receive: 200 or 401, nothing else).</summary>
    public static HandshakeResponse Empty(int statusCode) => new(statusCode, null, string.Empty);
}
