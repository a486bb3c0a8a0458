namespace WebhookFirewall.Model;

/// <summary>
/// What one route of one config revision does with webhooks: its policy (null on an Anonymous route) and limits. Built
/// by the snapshot reader; found again by (route id, revision), which YARP hands every request with its route.
/// </summary>
internal sealed class RouteBinding
{
    public required string RouteId { get; init; }

    /// <summary>The config revision this binding belongs to (stamped into the route's metadata).</summary>
    public required string Revision { get; init; }

    public string? ClusterId { get; init; }

    /// <summary>The route's `Metadata.WebhookPolicy` value, or null when it has none.</summary>
    public string? PolicyName { get; init; }

    /// <summary>The policies and admission settings of the same revision.</summary>
    public required PolicySet Policies { get; init; }

    /// <summary>The policy, when the route names a valid one.</summary>
    public WebhookPolicy? Policy { get; init; }

    public bool IsAnonymous => string.Equals(PolicyName, PolicySet.Anonymous, StringComparison.OrdinalIgnoreCase);

    /// <summary>YARP's route `RateLimiterPolicy`, enforced by the firewall before the body is read; null for none.</summary>
    public string? RateLimiterPolicy { get; init; }

    /// <summary>The definition <see cref="RateLimiterPolicy"/> names, when it is defined.</summary>
    public RateLimitDefinition? RateLimit { get; init; }

    /// <summary>The route's `Metadata.MaxConcurrentRequests` as written, so a validator can say what is wrong with it.</summary>
    public string? MaxConcurrentRequestsText { get; init; }

    /// <summary>The cap, when <see cref="MaxConcurrentRequestsText"/> is a positive whole number.</summary>
    public int? MaxConcurrentRequests { get; init; }

    public NetworkList TrustedProxies => Policies.Admission.TrustedProxies;
}
