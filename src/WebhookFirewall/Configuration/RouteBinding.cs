namespace WebhookFirewall.Configuration;

/// <summary>What a route does with webhooks: its policy (null on an Anonymous route) within one config snapshot.</summary>
internal sealed class RouteBinding(string routeId, string? policyName, PolicySet policies)
{
    public string RouteId { get; } = routeId;

    /// <summary>The route's `Metadata.WebhookPolicy` value, or null when it has none.</summary>
    public string? PolicyName { get; } = policyName;

    public PolicySet Policies { get; } = policies;

    public bool IsAnonymous => string.Equals(PolicyName, PolicySet.Anonymous, StringComparison.OrdinalIgnoreCase);

    /// <summary>The policy, when the route names a valid one.</summary>
    public WebhookPolicy? Policy { get; } = policyName is not null && policies.Policies.TryGetValue(policyName, out var policy) ? policy : null;
}
