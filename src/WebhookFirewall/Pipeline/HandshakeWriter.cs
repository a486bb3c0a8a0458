using WebhookFirewall.Verification;

namespace WebhookFirewall.Pipeline;

/// <summary>Writes a provider handshake answer. The challenge is sender data: never let a browser sniff it as HTML.</summary>
internal static class HandshakeWriter
{
    public static Task WriteAsync(HttpContext context, HandshakeResponse handshake)
    {
        var response = context.Response;
        response.StatusCode = handshake.StatusCode;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.CacheControl = "no-store";
        foreach (var (name, value) in handshake.Headers)
        {
            response.Headers[name] = value;
        }

        if (handshake.ContentType is null)
        {
            return Task.CompletedTask;
        }

        response.ContentType = handshake.ContentType;
        return response.WriteAsync(handshake.Body, context.RequestAborted);
    }
}
