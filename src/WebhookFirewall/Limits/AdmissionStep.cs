using System.Threading.RateLimiting;
using WebhookFirewall.Configuration;
using WebhookFirewall.Management;
using WebhookFirewall.Pipeline;
using Yarp.ReverseProxy.Model;

namespace WebhookFirewall.Limits;

/// <summary>
/// Admission, cheapest first and before a byte of the body is read: source allowlist (403), then the route's rate
/// limit (429, so refused sources spend no permits), then its concurrency cap (429). Runs after routing, so the
/// route and its policy are known.
/// </summary>
internal sealed partial class AdmissionStep(RequestDelegate next, RouteBindings bindings, RouteLimiters limiters, FirewallMetrics metrics, ILogger<AdmissionStep> logger)
{
    private const int DefaultRetryAfterSeconds = 1;

    public async Task InvokeAsync(HttpContext context)
    {
        var route = context.GetEndpoint()?.Metadata.GetMetadata<RouteModel>();
        var binding = route is null ? null : bindings.Find(route.Config);
        if (binding is null)
        {
            await next(context); // not a proxied route (404), or fail-closed later in the webhook step
            return;
        }

        if (binding.Policy?.AllowedSources is { } allowed)
        {
            var client = ClientAddress.Resolve(context, binding.Policies.Admission.TrustedProxies);
            if (client is null || !allowed.Contains(client))
            {
                Log.SourceNotAllowed(logger, binding.RouteId, binding.Policy.Name, client?.ToString() ?? "(unreadable X-Forwarded-For)");
                metrics.For(binding).Count(RequestOutcome.SourceNotAllowed);
                await ProblemResponses.WriteAsync(context, "source_not_allowed");
                return;
            }
        }

        using var rateLease = await AcquireRateAsync(context, binding);
        if (rateLease is { IsAcquired: false })
        {
            await RejectRateLimitedAsync(context, binding, rateLease);
            return;
        }

        using var concurrencyLease = limiters.ConcurrencyLimiterFor(binding)?.AttemptAcquire();
        if (concurrencyLease is { IsAcquired: false })
        {
            await RejectRateLimitedAsync(context, binding, concurrencyLease);
            return;
        }

        await next(context);
    }

    private async ValueTask<RateLimitLease?> AcquireRateAsync(HttpContext context, RouteBinding binding)
    {
        var limiter = limiters.RateLimiterFor(binding);
        if (limiter is null)
        {
            return null;
        }

        var partition = binding.RateLimit!.PartitionBy == RateLimitPartitioning.ClientAddress
            ? ClientAddress.Resolve(context, binding.Policies.Admission.TrustedProxies)?.ToString() ?? string.Empty
            : string.Empty;
        return await limiter.AcquireAsync(partition, 1, context.RequestAborted);
    }

    private Task RejectRateLimitedAsync(HttpContext context, RouteBinding binding, RateLimitLease lease)
    {
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
            ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))
            : DefaultRetryAfterSeconds;
        Log.RateLimited(logger, binding.RouteId, binding.PolicyName ?? PolicySet.Anonymous, ClientAddress.Describe(context, binding.Policies.Admission.TrustedProxies));
        metrics.For(binding).Count(RequestOutcome.RateLimited);
        return ProblemResponses.WriteAsync(context, "rate_limited", retryAfter);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 210, Level = LogLevel.Warning, Message = "Rejected webhook on route {Route} (policy {Policy}): source_not_allowed; from {RemoteAddress}")]
        public static partial void SourceNotAllowed(ILogger logger, string route, string policy, string remoteAddress);

        [LoggerMessage(EventId = 211, Level = LogLevel.Warning, Message = "Rejected webhook on route {Route} (policy {Policy}): rate_limited; from {RemoteAddress}")]
        public static partial void RateLimited(ILogger logger, string route, string policy, string? remoteAddress);
    }
}
