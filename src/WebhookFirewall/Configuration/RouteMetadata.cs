using Yarp.ReverseProxy.Configuration;

namespace WebhookFirewall.Configuration;

/// <summary>What the firewall reads from a YARP route's `Metadata`, and the revision it writes into it.</summary>
internal static class RouteMetadata
{
    /// <summary>The policy the route's requests are verified with, or `Anonymous`.</summary>
    public const string WebhookPolicy = "WebhookPolicy";

    public const string MaxConcurrentRequests = "MaxConcurrentRequests";

    /// <summary>The config revision the route was read in: with the route id, the key of its binding.</summary>
    public const string Revision = "WebhookFirewall.Revision";

    public static string? Read(RouteConfig route, string key) =>
        route.Metadata is { } metadata && metadata.TryGetValue(key, out var value) ? value : null;

    /// <summary>
    /// A copy of the route carrying the snapshot's revision. YARP keeps a route whose config is unchanged, and with
    /// it the old revision; a rotated secret changes no route, so every route is made to differ. The route's
    /// `RateLimiterPolicy` moves to the binding: the firewall enforces it itself, after the source allowlist and
    /// before the body is read, with definitions that reload like everything else (ASP.NET Core's middleware would
    /// run before the allowlist and only knows the policies registered at start-up).
    /// </summary>
    public static RouteConfig Stamp(RouteConfig route, string revision)
    {
        var metadata = route.Metadata is null
            ? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            : new Dictionary<string, string>(route.Metadata, StringComparer.OrdinalIgnoreCase);
        metadata[Revision] = revision;
        return route with { Metadata = metadata, RateLimiterPolicy = null };
    }
}
