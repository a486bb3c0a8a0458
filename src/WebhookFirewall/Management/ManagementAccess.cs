using System.Security.Cryptography;
using System.Text;
using WebhookFirewall.Model;
using WebhookFirewall.Pipeline;

namespace WebhookFirewall.Management;

/// <summary>
/// DESIGN "Management access", in front of every management endpoint: the Host must be one the listener knows (DNS
/// rebinding: a page on another name must not reach it through the victim's browser); `/api/` (the ledger's and the
/// spool's endpoints) needs the bearer token, or — without one configured — a listener bound to loopback (a sidecar
/// or port-forward can make a remote caller look local, so the client address is never the test); a changing API
/// request also needs
/// `X-Requested-By: webhookfirewall` and no foreign Origin (a cross-site form cannot set the first, a browser always
/// sends the second).
/// </summary>
internal sealed class ManagementAccess
{
    public const string ApiPrefix = "/api/";
    public const string RequestedByHeader = "X-Requested-By";
    public const string RequestedByValue = "webhookfirewall";

    private static readonly string[] LoopbackNames = ["localhost", "127.0.0.1", "[::1]"];

    private readonly string? _urlHost;
    private readonly byte[]? _tokenDigest;
    private readonly bool _bindsLoopback;
    private readonly HostString[] _hosts;

    public ManagementAccess(string managementUrl, ManagementAccessSettings settings)
    {
        if (Uri.TryCreate(managementUrl, UriKind.Absolute, out var url))
        {
            _urlHost = url.Host;
            _bindsLoopback = url.IsLoopback;
        }

        _tokenDigest = settings.Token is null ? null : SHA256.HashData(Encoding.UTF8.GetBytes(settings.Token));
        _hosts = [.. settings.Hosts.Where(h => !string.IsNullOrWhiteSpace(h)).Select(h => HostString.FromUriComponent(h.Trim()))];
    }

    /// <summary>The check as middleware: answers the problem, or lets the request through.</summary>
    public Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var api = context.Request.Path.StartsWithSegments(ApiPrefix.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);
        var problem = CheckHost(context) ?? (api ? CheckToken(context) ?? CheckMutation(context) : null);
        return problem is null ? next(context) : ProblemWriter.WriteAsync(context, problem);
    }

    public Problem? CheckHost(HttpContext context)
    {
        var host = context.Request.Host;
        if (!host.HasValue)
        {
            return Problem.HostNotAllowed;
        }

        var name = host.Host;
        var port = host.Port ?? (context.Request.IsHttps ? 443 : 80);
        if (port == context.Connection.LocalPort
            && (Array.Exists(LoopbackNames, n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase))
                || string.Equals(_urlHost, name, StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        foreach (var allowed in _hosts)
        {
            if (string.Equals(allowed.Host, name, StringComparison.OrdinalIgnoreCase) && (allowed.Port is null || allowed.Port == port))
            {
                return null;
            }
        }

        return Problem.HostNotAllowed;
    }

    /// <summary>The token, compared in constant time (as digests, so its length does not show either).</summary>
    public Problem? CheckToken(HttpContext context)
    {
        if (_tokenDigest is null)
        {
            return _bindsLoopback ? null : Problem.ManagementTokenRequired;
        }

        var authorization = context.Request.Headers.Authorization;
        const string scheme = "Bearer ";
        if (authorization.Count != 1 || authorization[0] is not { } value || !value.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return Problem.InvalidManagementToken;
        }

        Span<byte> presented = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(value[scheme.Length..].Trim()), presented);
        return CryptographicOperations.FixedTimeEquals(presented, _tokenDigest) ? null : Problem.InvalidManagementToken;
    }

    /// <summary>For POST, PUT, PATCH and DELETE: the marker header, and an Origin that is absent or the listener's own.</summary>
    public static Problem? CheckMutation(HttpContext context)
    {
        var request = context.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method))
        {
            return null;
        }

        var requestedBy = request.Headers[RequestedByHeader];
        if (requestedBy.Count != 1 || !string.Equals(requestedBy[0], RequestedByValue, StringComparison.OrdinalIgnoreCase))
        {
            return Problem.CrossOrigin;
        }

        var origin = request.Headers.Origin;
        if (origin.Count == 0)
        {
            return null; // curl and other non-browser clients
        }

        return origin.Count == 1 && IsSameOrigin(origin[0], request) ? null : Problem.CrossOrigin;
    }

    private static bool IsSameOrigin(string? origin, HttpRequest request)
    {
        // `Origin: null` (sandboxed frames, file: pages, some redirects) is never the listener's own.
        if (origin is null || !Uri.TryCreate(origin, UriKind.Absolute, out var parsed) || !string.Equals(parsed.AbsolutePath, "/", StringComparison.Ordinal))
        {
            return false;
        }

        var port = request.Host.Port ?? (request.IsHttps ? 443 : 80);
        return string.Equals(parsed.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(parsed.Host, request.Host.Host, StringComparison.OrdinalIgnoreCase)
            && parsed.Port == port;
    }
}
