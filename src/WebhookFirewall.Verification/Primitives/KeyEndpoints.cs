using System.Net;

namespace WebhookFirewall.Verification.Primitives;

/// <summary>
/// `KeyEndpoint`: a provider's key URL replaced by one on this machine (tests, a local mirror). Only a loopback
/// address literal is accepted, so no config can send key fetches — with the credentials some key APIs need — to
/// another host. Plain http is allowed there: the traffic never leaves the machine, and TLS would only guard against
/// a local process, which could read the config instead.
/// </summary>
internal static class KeyEndpoints
{
    public static bool IsLoopbackLiteral(string host) =>
        IPAddress.TryParse(host.AsSpan().Trim("[]"), out var address) && IPAddress.IsLoopback(address);

    /// <summary>The configured endpoint, or null (with a problem) unless it is an http(s) URL on a loopback address.</summary>
    public static Uri? Parse(string keyEndpoint, ICollection<SettingProblem> problems)
    {
        if (Uri.TryCreate(keyEndpoint, UriKind.Absolute, out var url)
            && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
            && url.UserInfo.Length == 0 && url.Query.Length == 0 && url.Fragment.Length == 0
            && IsLoopbackLiteral(url.Host))
        {
            return url;
        }

        problems.Add(new SettingProblem("KeyEndpoint", "must be an http(s) URL on a loopback address (127.0.0.1, [::1]) without user info, query or fragment: it replaces the provider's key URL for tests or a local mirror only"));
        return null;
    }

    /// <summary>
    /// The URL keys are fetched from: <paramref name="providerUrl"/>, or `KeyEndpoint` when one is configured (and
    /// then plain http may be used, on the loopback address it must name).
    /// </summary>
    public static (Uri Url, bool IsLocal) Resolve(string? keyEndpoint, Uri providerUrl, ICollection<SettingProblem> problems) =>
        keyEndpoint is not null && Parse(keyEndpoint, problems) is { } local ? (local, true) : (providerUrl, false);

    /// <summary><paramref name="root"/> with <paramref name="path"/> appended (one slash between).</summary>
    public static Uri Append(Uri root, string path) =>
        new(root.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/" + path.TrimStart('/'));
}
