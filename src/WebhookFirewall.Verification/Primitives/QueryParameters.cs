using System.Net;

namespace WebhookFirewall.Verification.Primitives;

/// <summary>Reads a query parameter from a raw query string (handshakes only: not on the hot path).</summary>
internal static class QueryParameters
{
    public static HeaderValue Get(string queryString, string name)
    {
        var query = queryString.AsSpan().TrimStart('?');
        string? found = null;
        var count = 0;
        foreach (var range in query.Split('&'))
        {
            var pair = query[range];
            var equals = pair.IndexOf('=');
            var key = equals < 0 ? pair : pair[..equals];
            if (!Decode(key).Equals(name, StringComparison.Ordinal))
            {
                continue;
            }

            count++;
            found = equals < 0 ? string.Empty : Decode(pair[(equals + 1)..]);
        }

        return count switch
        {
            0 => HeaderValue.Missing,
            1 => HeaderValue.Single(found!),
            _ => HeaderValue.Multiple,
        };
    }

    private static string Decode(ReadOnlySpan<char> text) => WebUtility.UrlDecode(text.ToString());
}
