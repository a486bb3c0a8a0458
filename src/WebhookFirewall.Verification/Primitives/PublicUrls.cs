namespace WebhookFirewall.Verification.Primitives;

/// <summary>
/// The URL a provider signs (Twilio, Square, HubSpot), rebuilt only from the policy's `PublicUrl`: never from Host or
/// X-Forwarded-* headers, which whoever sends the request controls.
/// </summary>
internal static class PublicUrls
{
    // ASP.NET Core's own form limit (FormOptions.ValueCountLimit): a signed URL carries a handful.
    private const int MaxQueryParameters = 1024;

    /// <summary>Records a problem unless <paramref name="url"/> is an absolute http(s) URL without a fragment.</summary>
    public static void Validate(string? url, ICollection<SettingProblem> problems)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var parsed)
            || (parsed.Scheme != Uri.UriSchemeHttps && parsed.Scheme != Uri.UriSchemeHttp)
            || url!.Contains('#', StringComparison.Ordinal))
        {
            problems.Add(new SettingProblem("PublicUrl", "must be the absolute http(s) URL registered with the provider, without a fragment"));
        }
    }

    /// <summary>
    /// The signed URL. With <see cref="Schemes.SignedUrlRule.AppendRequestQuery"/>: <paramref name="publicUrl"/>
    /// followed by the request's raw query string (with its '?') when it has no query of its own, so a provider that
    /// adds parameters to the registered URL still matches; when it has one, the request's query must be exactly
    /// that one (false otherwise: the provider signed a URL with another query, and the request is not the one
    /// registered). With <see cref="Schemes.SignedUrlRule.AsConfigured"/>: <paramref name="publicUrl"/> as is. With
    /// <see cref="Schemes.SignedUrlRule.SortedRequestQuery"/>: as the first, its query then sorted (see TrySortQuery).
    /// </summary>
    public static bool TryResolve(string publicUrl, string rawQueryString, Schemes.SignedUrlRule rule, out string url)
    {
        url = publicUrl;
        if (rule == Schemes.SignedUrlRule.AsConfigured)
        {
            return true;
        }

        if (rule == Schemes.SignedUrlRule.SortedRequestQuery)
        {
            return TryResolve(publicUrl, rawQueryString, Schemes.SignedUrlRule.AppendRequestQuery, out var appended)
                && TrySortQuery(appended, out url);
        }

        var query = rawQueryString.AsSpan().TrimStart('?');
        var question = publicUrl.IndexOf('?', StringComparison.Ordinal);
        if (question >= 0)
        {
            return query.SequenceEqual(publicUrl.AsSpan(question + 1));
        }

        if (!query.IsEmpty)
        {
            url = string.Concat(publicUrl, "?", query);
        }

        return true;
    }

    /// <summary>
    /// <paramref name="url"/> with its query decoded as a form, sorted by name then value and written back as
    /// `name=value` pairs joined by '&amp;' (values decoded, not re-encoded); without a '?' when nothing remains. False
    /// for a query that does not decode to text or has more parameters than any provider sends.
    /// </summary>
    private static bool TrySortQuery(string url, out string sorted)
    {
        sorted = url;
        var question = url.IndexOf('?', StringComparison.Ordinal);
        if (question < 0)
        {
            return true;
        }

        var status = FormFields.Parse(System.Text.Encoding.UTF8.GetBytes(url, question + 1, url.Length - question - 1), MaxQueryParameters, out var query);
        var content = new PooledBytes(url.Length);
        try
        {
            if (status != FormParseStatus.Parsed)
            {
                return false;
            }

            query.SortByNameThenValue();
            content.AppendUtf8(url.AsSpan(0, question));
            for (var i = 0; i < query.Count; i++)
            {
                content.Append(i == 0 ? "?"u8 : "&"u8);
                content.Append(query.Name(i));
                content.Append("="u8);
                content.Append(query.Value(i));
            }

            sorted = System.Text.Encoding.UTF8.GetString(content.Written);
            return true;
        }
        finally
        {
            content.Dispose();
            query.Dispose();
        }
    }

    /// <summary>The query string of <paramref name="url"/> after its '?', or empty.</summary>
    public static ReadOnlySpan<char> Query(string url)
    {
        var question = url.IndexOf('?', StringComparison.Ordinal);
        return question < 0 ? [] : url.AsSpan(question + 1);
    }

    /// <summary>
    /// <paramref name="url"/> without any explicit port, as Twilio's SDKs strip it (`remove_port` in twilio-python's
    /// request_validator.py): the URL itself when it has none.
    /// </summary>
    public static string WithoutPort(string url)
    {
        var (_, portStart, authorityEnd) = Authority(url);
        return portStart < 0 ? url : string.Concat(url.AsSpan(0, portStart), url.AsSpan(authorityEnd));
    }

    /// <summary>
    /// <paramref name="url"/> with the scheme's default port made explicit (443 for https, else 80), as Twilio's SDKs
    /// add it (`add_port`): the URL itself when it already names a port.
    /// </summary>
    public static string WithDefaultPort(string url)
    {
        var (scheme, portStart, authorityEnd) = Authority(url);
        if (portStart >= 0)
        {
            return url;
        }

        var port = scheme.Equals("https", StringComparison.OrdinalIgnoreCase) ? ":443" : ":80";
        return string.Concat(url.AsSpan(0, authorityEnd), port, url.AsSpan(authorityEnd));
    }

    /// <summary>The scheme, where ":port" starts (-1 when there is none) and where the authority ends.</summary>
    private static (string Scheme, int PortStart, int AuthorityEnd) Authority(string url)
    {
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0)
        {
            return (string.Empty, -1, 0);
        }

        var start = schemeEnd + 3;
        var end = url.AsSpan(start).IndexOfAny('/', '?', '#');
        end = end < 0 ? url.Length : start + end;
        var authority = url.AsSpan(start, end - start);
        var hostStart = authority.LastIndexOf('@') + 1;    // after any user info
        var ipv6End = authority.LastIndexOf(']');         // a colon inside [::1] is not a port
        var colon = authority.LastIndexOf(':');
        var portStart = colon >= hostStart && colon > ipv6End ? start + colon : -1;
        return (url[..schemeEnd], portStart, end);
    }
}
