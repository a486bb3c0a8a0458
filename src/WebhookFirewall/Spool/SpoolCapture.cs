using System.Collections.Frozen;
using System.Net.Http.Headers;
using WebhookFirewall.Model;
using WebhookFirewall.Pipeline;

namespace WebhookFirewall.Spool;

/// <summary>
/// Reads a spooled request off the message the forwarder sent: the method, the path and query relative to the
/// destination's address (the route's transforms applied, Event Grid's query token already removed), and every
/// header but the firewall's own — those are added afresh at each redelivery. A credential header (a token the
/// provider sends as is) becomes a placeholder, refilled from the policy's secret of the same index.
/// </summary>
internal static class SpoolCapture
{
    /// <summary>Framing, set again from the stored body at each redelivery.</summary>
    private static readonly FrozenSet<string> Framing = new[] { "Transfer-Encoding" }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    public static bool TryCapture(HttpRequestMessage sent, string destinationPrefix, WebhookPolicy policy, int secretIndex, out string pathAndQuery, out List<SpooledHeader> headers, out string? refusal)
    {
        headers = [];
        refusal = null;
        pathAndQuery = RelativePathAndQuery(sent.RequestUri, destinationPrefix);
        var credentials = policy.Verifier.CredentialHeaders;
        foreach (var (name, values) in sent.Headers.NonValidated)
        {
            if (!Add(name, values, credentials, policy, secretIndex, headers, ref refusal))
            {
                return false;
            }
        }

        if (sent.Content is { } content)
        {
            foreach (var (name, values) in content.Headers.NonValidated)
            {
                if (!Add(name, values, credentials, policy, secretIndex, headers, ref refusal))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>`http://h/api/x?y` sent to destination `http://h/api/` is `/x?y`: redelivered under any destination's address.</summary>
    public static string RelativePathAndQuery(Uri? uri, string destinationPrefix)
    {
        if (uri is null)
        {
            return "/";
        }

        var pathAndQuery = uri.IsAbsoluteUri ? uri.PathAndQuery : uri.OriginalString;
        var basePath = Uri.TryCreate(destinationPrefix, UriKind.Absolute, out var prefix) ? prefix.AbsolutePath.TrimEnd('/') : string.Empty;
        return basePath.Length > 0 && pathAndQuery.StartsWith(basePath, StringComparison.Ordinal) ? pathAndQuery[basePath.Length..] : pathAndQuery;
    }

    private static bool Add(string name, HeaderStringValues values, IReadOnlyList<string> credentials, WebhookPolicy policy, int secretIndex, List<SpooledHeader> headers, ref string? refusal)
    {
        if (FirewallHeaders.IsFirewallHeader(name) || Framing.Contains(name))
        {
            return true;
        }

        var credential = Contains(credentials, name);
        foreach (var value in values)
        {
            if (!credential)
            {
                headers.Add(new SpooledHeader(name, value, IsCredential: false));
                continue;
            }

            // Refillable only when the header carries the secret itself: anything else could not be rebuilt at
            // redelivery, and storing it would put a credential in the spool.
            if (secretIndex < 0 || secretIndex >= policy.Secrets.Count || !string.Equals(policy.Secrets[secretIndex], value, StringComparison.Ordinal))
            {
                refusal = $"the credential header {name} is not the policy's secret as is, so it could not be refilled at redelivery";
                return false;
            }

            headers.Add(new SpooledHeader(name, SpooledHeader.Placeholder, IsCredential: true));
        }

        return true;
    }

    private static bool Contains(IReadOnlyList<string> names, string name)
    {
        foreach (var candidate in names)
        {
            if (string.Equals(candidate, name, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
