using System.Globalization;
using WebhookFirewall.Limits;

namespace WebhookFirewall.Configuration;

/// <summary>What a route does with webhooks: its policy (null on an Anonymous route) and limits, within one config snapshot.</summary>
internal sealed class RouteBinding
{
    public const string MaxConcurrentRequestsKey = "MaxConcurrentRequests";

    public RouteBinding(string routeId, string? policyName, PolicySet policies, string? rateLimiterPolicy = null, string? maxConcurrentRequests = null)
    {
        RouteId = routeId;
        PolicyName = policyName;
        Policies = policies;
        Policy = policyName is not null && policies.Policies.TryGetValue(policyName, out var policy) ? policy : null;
        RateLimiterPolicy = IsNoLimit(rateLimiterPolicy) ? null : rateLimiterPolicy;
        RateLimit = RateLimiterPolicy is not null && policies.Admission.RateLimits.TryGetValue(RateLimiterPolicy, out var limit) ? limit : null;
        MaxConcurrentRequestsText = maxConcurrentRequests;
        MaxConcurrentRequests = int.TryParse(maxConcurrentRequests, NumberStyles.None, CultureInfo.InvariantCulture, out var cap) && cap > 0 ? cap : null;
    }

    public string RouteId { get; }

    /// <summary>The route's `Metadata.WebhookPolicy` value, or null when it has none.</summary>
    public string? PolicyName { get; }

    public PolicySet Policies { get; }

    public bool IsAnonymous => string.Equals(PolicyName, PolicySet.Anonymous, StringComparison.OrdinalIgnoreCase);

    /// <summary>The policy, when the route names a valid one.</summary>
    public WebhookPolicy? Policy { get; }

    /// <summary>YARP's route `RateLimiterPolicy`, enforced by the firewall before the body is read.</summary>
    public string? RateLimiterPolicy { get; }

    public RateLimitDefinition? RateLimit { get; }

    /// <summary>The route's `Metadata.MaxConcurrentRequests` as written (validated by the route validator).</summary>
    public string? MaxConcurrentRequestsText { get; }

    public int? MaxConcurrentRequests { get; }

    /// <summary>YARP's own words for "no named policy".</summary>
    private static bool IsNoLimit(string? name) =>
        string.IsNullOrWhiteSpace(name) || name.Equals("Default", StringComparison.OrdinalIgnoreCase) || name.Equals("Disable", StringComparison.OrdinalIgnoreCase);
}
