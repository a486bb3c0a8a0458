using System.Globalization;
using WebhookFirewall.Model;
using WebhookFirewall.Pipeline;
using Yarp.ReverseProxy.Forwarder;

namespace WebhookFirewall.Spool;

/// <summary>
/// Sends a spooled request as it was stored: the route's transforms ran when it was first sent, so nothing is
/// transformed again. The stored headers go out verbatim (credentials refilled), plus the firewall's own for this
/// attempt: the verdict, the attempt number, when it was spooled, and a fresh forward signature under the same id.
/// The answer's body is not read: only its status matters.
/// </summary>
internal sealed class RedeliveryTransformer(SpoolEntry entry, int attempt, WebhookPolicy policy, DateTimeOffset now) : HttpTransformer
{
    /// <summary>The upstream's status, once its answer came.</summary>
    public int? Status { get; private set; }

    public override ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        foreach (var header in entry.Headers)
        {
            if (string.Equals(header.Name, "Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                continue; // set from the stored body below
            }

            if (header.IsCredential && Credential() is null)
            {
                continue; // the policy has no secret left to send
            }

            var value = header.IsCredential ? Credential()! : header.Value;
            if (!proxyRequest.Headers.TryAddWithoutValidation(header.Name, value))
            {
                proxyRequest.Content?.Headers.TryAddWithoutValidation(header.Name, value);
            }
        }

        if (proxyRequest.Content is { } content)
        {
            content.Headers.ContentLength = entry.Body.Length;
        }

        var headers = proxyRequest.Headers;
        headers.TryAddWithoutValidation(FirewallHeaders.Verification, VerificationMark.Verified.HeaderValue);
        headers.TryAddWithoutValidation(FirewallHeaders.Redelivery, attempt.ToString(CultureInfo.InvariantCulture));
        headers.TryAddWithoutValidation(FirewallHeaders.SpooledAt, entry.SpooledAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        if (policy.ForwardSignature is { } signer)
        {
            var signature = new List<KeyValuePair<string, string>>(3);
            signer.AddTo(signature, entry.ForwardId, now, entry.Body);
            foreach (var (name, value) in signature)
            {
                headers.TryAddWithoutValidation(name, value);
            }
        }

        proxyRequest.RequestUri = new Uri(Join(destinationPrefix, entry.PathAndQuery));
        return ValueTask.CompletedTask;
    }

    public override ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
    {
        Status = proxyResponse is null ? null : (int)proxyResponse.StatusCode;
        return new ValueTask<bool>(false);
    }

    /// <summary>
    /// The secret that matched when the delivery came in, by its index in the policy's current secrets; after a
    /// rotation that removed it, the policy's first secret (the one the provider now sends).
    /// </summary>
    private string? Credential()
    {
        var secrets = policy.Secrets;
        return entry.SecretIndex >= 0 && entry.SecretIndex < secrets.Count ? secrets[entry.SecretIndex] : secrets.Count > 0 ? secrets[0] : null;
    }

    /// <summary>The destination's address and the stored relative path, as YARP joins them.</summary>
    internal static string Join(string destinationPrefix, string pathAndQuery)
    {
        var prefix = destinationPrefix.EndsWith('/') ? destinationPrefix[..^1] : destinationPrefix;
        return pathAndQuery.Length == 0 || pathAndQuery[0] is '/' or '?' ? prefix + pathAndQuery : prefix + "/" + pathAndQuery;
    }
}
