using Microsoft.AspNetCore.Http.Features;

namespace WebhookFirewall.Pipeline;

/// <summary>
/// The path exactly as the sender wrote it on the request line. Schemes that sign the path (Contentful)
/// sign the percent-encoded form; <see cref="HttpRequest.Path"/> is already decoded, so re-encoding it
/// would not give back the bytes that were signed.
/// </summary>
internal static class RawRequestPath
{
    public static string Of(HttpContext context)
    {
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(target) || target[0] != '/')
        {
            // Absolute-form or asterisk-form targets: fall back to the decoded path.
            return context.Request.Path.HasValue ? context.Request.Path.Value! : "/";
        }

        var query = target.IndexOf('?', StringComparison.Ordinal);
        return query < 0 ? target : target[..query];
    }
}
