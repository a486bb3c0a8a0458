using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using WebhookFirewall.Model;

namespace WebhookFirewall.Pipeline;

/// <summary>
/// The limiters of every route (System.Threading.RateLimiting, the primitives behind ASP.NET Core's rate-limiting
/// middleware). Kept across reloads while a route's definition is unchanged, so an edit elsewhere does not hand a
/// flood a fresh bucket.
/// </summary>
internal sealed class RouteLimiters : IDisposable
{
    private readonly ConcurrentDictionary<(string Route, RateLimitDefinition Definition), PartitionedRateLimiter<string>> _rateLimiters = new();
    private readonly ConcurrentDictionary<(string Route, int Cap), ConcurrencyLimiter> _concurrencyLimiters = new();

    /// <remarks>
    /// A limiter whose definition was edited away is not disposed: requests routed under the previous snapshot may
    /// still be waiting on it. What remains is one idle limiter per edit of a rate-limit definition — operator-driven
    /// and tiny.
    /// </remarks>
    public PartitionedRateLimiter<string>? RateLimiterFor(RouteBinding binding) =>
        binding.RateLimit is { } definition ? _rateLimiters.GetOrAdd((binding.RouteId, definition), static key => Create(key.Definition)) : null;

    public ConcurrencyLimiter? ConcurrencyLimiterFor(RouteBinding binding) =>
        binding.MaxConcurrentRequests is { } cap
            ? _concurrencyLimiters.GetOrAdd((binding.RouteId, cap), static key => new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = key.Cap, QueueLimit = 0 }))
            : null;

    public void Dispose()
    {
        foreach (var limiter in _rateLimiters.Values)
        {
            limiter.Dispose();
        }

        foreach (var limiter in _concurrencyLimiters.Values)
        {
            limiter.Dispose();
        }
    }

    private static PartitionedRateLimiter<string> Create(RateLimitDefinition definition) =>
        PartitionedRateLimiter.Create<string, string>(partitionKey => definition.Kind switch
        {
            RateLimitKind.TokenBucket => RateLimitPartition.GetTokenBucketLimiter(partitionKey, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = definition.TokenLimit,
                TokensPerPeriod = definition.TokensPerPeriod,
                ReplenishmentPeriod = definition.ReplenishmentPeriod,
                QueueLimit = definition.QueueLimit,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                AutoReplenishment = true,
            }),
            _ => RateLimitPartition.GetFixedWindowLimiter(partitionKey, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = definition.PermitLimit,
                Window = definition.Window,
                QueueLimit = definition.QueueLimit,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                AutoReplenishment = true,
            }),
        });
}
