using System.Security.Cryptography;
using System.Text;
using WebhookFirewall.Configuration;
using WebhookFirewall.Model;

namespace WebhookFirewall.Management;

/// <summary>
/// DESIGN "Management access" for the spool's endpoints, as one check: the Host is one the listener knows (DNS
/// rebinding), the bearer token when `WebhookFirewall:ManagementToken` is set (else only a loopback listener serves
/// them), and for POST and DELETE `X-Requested-By: webhookfirewall` with no foreign `Origin`. The listener-wide
/// access rules of the delivery ledger make the same checks in front of every management endpoint; once both are
/// in one build this check is the one call to point at them.
/// </summary>
internal sealed class SpoolAccess
{
    public const string RequestedByHeader = "X-Requested-By";
    public const string RequestedByValue = "webhookfirewall";

    private static readonly string[] LoopbackNames = ["localhost", "127.0.0.1", "[::1]"];

    private readonly string? _urlHost;
    private readonly bool _bindsLoopback;
    private readonly byte[]? _tokenDigest;
    private readonly HostString[] _hosts;

    public SpoolAccess(string? managementUrl, string? token, IReadOnlyList<string> hosts)
    {
        if (managementUrl is not null && Uri.TryCreate(managementUrl, UriKind.Absolute, out var url))
        {
            _urlHost = url.Host;
            _bindsLoopback = url.IsLoopback;
        }

        _tokenDigest = string.IsNullOrEmpty(token) ? null : SHA256.HashData(Encoding.UTF8.GetBytes(token));
        _hosts = [.. hosts.Where(h => !string.IsNullOrWhiteSpace(h)).Select(h => HostString.FromUriComponent(h.Trim()))];
    }

    public static SpoolAccess From(IConfiguration configuration, StartupSettings startup) =>
        new(startup.ManagementUrl, configuration["WebhookFirewall:ManagementToken"], ConfigValues.ReadList(configuration.GetSection("WebhookFirewall"), "ManagementHosts"));

    /// <summary>The problem to answer, or null when the request may go on.</summary>
    public Problem? Check(HttpContext context) => CheckHost(context) ?? CheckToken(context) ?? CheckMutation(context);

    private Problem? CheckHost(HttpContext context)
    {
        var host = context.Request.Host;
        if (!host.HasValue)
        {
            return Problem.HostNotAllowed;
        }

        var port = host.Port ?? (context.Request.IsHttps ? 443 : 80);
        if (port == context.Connection.LocalPort
            && (Array.Exists(LoopbackNames, n => string.Equals(n, host.Host, StringComparison.OrdinalIgnoreCase)) || string.Equals(_urlHost, host.Host, StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        return Array.Exists(_hosts, allowed => string.Equals(allowed.Host, host.Host, StringComparison.OrdinalIgnoreCase) && (allowed.Port is null || allowed.Port == port))
            ? null
            : Problem.HostNotAllowed;
    }

    /// <summary>Compared in constant time, as digests, so neither the token nor its length shows.</summary>
    private Problem? CheckToken(HttpContext context)
    {
        if (_tokenDigest is null)
        {
            return _bindsLoopback ? null : Problem.ManagementTokenRequired;
        }

        const string Scheme = "Bearer ";
        var authorization = context.Request.Headers.Authorization;
        if (authorization.Count != 1 || authorization[0] is not { } value || !value.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return Problem.InvalidManagementToken;
        }

        Span<byte> presented = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(value[Scheme.Length..].Trim()), presented);
        return CryptographicOperations.FixedTimeEquals(presented, _tokenDigest) ? null : Problem.InvalidManagementToken;
    }

    private static Problem? CheckMutation(HttpContext context)
    {
        var request = context.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
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
            return null; // curl and other clients that are not browsers
        }

        // `Origin: null` (sandboxed frames, file: pages) is never the listener's own.
        if (origin.Count != 1 || !Uri.TryCreate(origin[0], UriKind.Absolute, out var parsed) || parsed.AbsolutePath != "/")
        {
            return Problem.CrossOrigin;
        }

        var port = request.Host.Port ?? (request.IsHttps ? 443 : 80);
        return string.Equals(parsed.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(parsed.Host, request.Host.Host, StringComparison.OrdinalIgnoreCase)
            && parsed.Port == port
            ? null
            : Problem.CrossOrigin;
    }
}
