using System.Globalization;
using WebhookFirewall.Model;
using Yarp.ReverseProxy.Configuration;

namespace WebhookFirewall.Configuration;

/// <summary>
/// Reads what a route asks of the firewall — its policy, rate limit and concurrency cap — as written; whether those
/// references hold is for the route validators to say, with the route's config path.
/// </summary>
internal static class RouteBindingReader
{
    public static RouteBinding Read(RouteConfig route, string revision, PolicySet policies)
    {
        var policyName = RouteMetadata.Read(route, RouteMetadata.WebhookPolicy);
        policyName = string.IsNullOrWhiteSpace(policyName) ? null : policyName;
        var rateLimiterPolicy = IsNoLimit(route.RateLimiterPolicy) ? null : route.RateLimiterPolicy;
        var maxConcurrent = RouteMetadata.Read(route, RouteMetadata.MaxConcurrentRequests);
        return new RouteBinding
        {
            RouteId = route.RouteId,
            Revision = revision,
            ClusterId = route.ClusterId,
            PolicyName = policyName,
            Policies = policies,
            Policy = policyName is not null && policies.Policies.TryGetValue(policyName, out var policy) ? policy : null,
            RateLimiterPolicy = rateLimiterPolicy,
            RateLimit = rateLimiterPolicy is not null && policies.Admission.RateLimits.TryGetValue(rateLimiterPolicy, out var limit) ? limit : null,
            MaxConcurrentRequestsText = maxConcurrent,
            MaxConcurrentRequests = int.TryParse(maxConcurrent, NumberStyles.None, CultureInfo.InvariantCulture, out var cap) && cap > 0 ? cap : null,
        };
    }

    /// <summary>YARP's own words for "no named policy".</summary>
    private static bool IsNoLimit(string? name) => string.IsNullOrWhiteSpace(name) || IsReservedRateLimiterName(name);

    /// <summary>YARP's rate-limiter names that mean "no limit" on a route (Default, Disable).</summary>
    public static bool IsReservedRateLimiterName(string name) =>
        name.Equals("Default", StringComparison.OrdinalIgnoreCase) || name.Equals("Disable", StringComparison.OrdinalIgnoreCase);
}
