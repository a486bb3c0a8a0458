namespace WebhookFirewall.Model;

internal enum RateLimitPartitioning
{
    /// <summary>One bucket for the whole route.</summary>
    Route,

    /// <summary>One bucket per client address (as resolved through TrustedProxies).</summary>
    ClientAddress,
}
