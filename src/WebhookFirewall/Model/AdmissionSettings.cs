namespace WebhookFirewall.Model;

/// <summary>What decides whether a request is admitted at all, before its body is read: read with every snapshot.</summary>
internal sealed class AdmissionSettings(NetworkList trustedProxies, IReadOnlyDictionary<string, NetworkList> sourceRanges, IReadOnlyDictionary<string, RateLimitDefinition> rateLimits)
{
    /// <summary>Peers whose `X-Forwarded-For` is believed.</summary>
    public NetworkList TrustedProxies { get; } = trustedProxies;

    /// <summary>Named provider ranges usable in `AllowedSources` (e.g. "github").</summary>
    public IReadOnlyDictionary<string, NetworkList> SourceRanges { get; } = sourceRanges;

    public IReadOnlyDictionary<string, RateLimitDefinition> RateLimits { get; } = rateLimits;
}
