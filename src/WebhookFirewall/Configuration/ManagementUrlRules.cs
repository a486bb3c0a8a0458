using System.Net;
using WebhookFirewall.Model;

namespace WebhookFirewall.Configuration;

/// <summary>
/// `ManagementUrl` is `http(s)://` + an IP literal (`0.0.0.0` and `[::]` included, as containers need) or `localhost`,
/// + a port. A host name would bind every interface without saying so: the management listener serves metrics and
/// the delivery ledger, and where it listens must be exactly what the operator wrote.
/// </summary>
internal static class ManagementUrlRules
{
    public static void Check(string url, string path, ICollection<ConfigProblem> problems)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var parsed)
            || (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps)
            || parsed.PathAndQuery is not ("/" or "")
            || !string.IsNullOrEmpty(parsed.UserInfo))
        {
            problems.Add(new ConfigProblem(path, $"'{url}' is not http(s):// followed by an address and a port (e.g. http://127.0.0.1:9090)"));
            return;
        }

        var host = parsed.Host.Trim('[', ']');
        if (!IPAddress.TryParse(host, out _) && !host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            problems.Add(new ConfigProblem(path, $"'{parsed.Host}' is not an IP address or localhost: a host name would bind every interface silently (use 0.0.0.0 to listen on all of them on purpose)"));
        }

        if (!HasExplicitPort(url))
        {
            problems.Add(new ConfigProblem(path, $"'{url}' names no port: give one (e.g. :9090)"));
        }
    }

    /// <summary>Uri fills in the scheme's default port, so whether one was written is read from the text.</summary>
    private static bool HasExplicitPort(string url)
    {
        var authority = url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..];
        var end = authority.IndexOf('/', StringComparison.Ordinal);
        authority = end < 0 ? authority : authority[..end];
        var colon = authority.LastIndexOf(':');
        return colon > authority.LastIndexOf(']') && colon < authority.Length - 1;
    }
}
