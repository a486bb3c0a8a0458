namespace WebhookFirewall.Pipeline;

/// <summary>
/// The firewall's own headers (DESIGN "Request flow"): only the firewall sets them. An inbound header is one of them
/// when its name equals one — or starts with `X-Webhook-Firewall-` — case-insensitively and with `_` read as `-`:
/// WSGI and CGI backends read `X_Webhook_Verification` as `HTTP_X_WEBHOOK_VERIFICATION`, the same as the real one.
/// Never matched by the bare `X-Webhook-` prefix: Netlify signs in `X-Webhook-Signature`.
/// </summary>
internal static class FirewallHeaders
{
    public const string Verification = "X-Webhook-Verification";
    public const string Duplicate = "X-Webhook-Duplicate";
    public const string Spooled = "X-Webhook-Spooled";
    public const string Redelivery = "X-Webhook-Redelivery";
    public const string SpooledAt = "X-Webhook-Spooled-At";
    public const string FirewallPrefix = "X-Webhook-Firewall-";

    private static readonly string[] Exact = [Verification, Duplicate, Spooled, Redelivery, SpooledAt];

    /// <summary>Headers that name a client address: believed only from a trusted proxy, so removed from anyone else.</summary>
    public static readonly string[] ClientAddress = ["X-Real-IP", "True-Client-IP", "X-Client-IP", "CF-Connecting-IP", "Forwarded"];

    public static bool IsFirewallHeader(string name)
    {
        // Every firewall header starts with these ten characters: most names are refused on their first.
        const int Shared = 10; // "x-webhook-"
        if (name.Length < Shared + 6 || (name[0] | 0x20) != 'x')
        {
            return false;
        }

        if (StartsWith(name, FirewallPrefix))
        {
            return true;
        }

        foreach (var exact in Exact)
        {
            if (name.Length == exact.Length && StartsWith(name, exact))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="name"/> starts with <paramref name="header"/>, ignoring case, `_` as `-`.</summary>
    private static bool StartsWith(string name, string header)
    {
        if (name.Length < header.Length)
        {
            return false;
        }

        for (var i = 0; i < header.Length; i++)
        {
            var c = name[i] == '_' ? '-' : name[i];
            if (char.ToLowerInvariant(c) != char.ToLowerInvariant(header[i]))
            {
                return false;
            }
        }

        return true;
    }
}
