using System.Threading.RateLimiting;
using WebhookFirewall.Model;

namespace WebhookFirewall.Pipeline;

/// <summary>
/// Admission, cheapest first and before a byte of the body is read: source allowlist (403), then the route's rate
/// limit (429, so refused sources spend no permits), then its concurrency cap (429).
/// </summary>
internal sealed partial class AdmissionStep(RouteLimiters limiters, ILogger<AdmissionStep> logger) : IProxyStep
{
    private const int DefaultRetryAfterSeconds = 1;

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var webhook = WebhookContext.Of(context);
        var binding = webhook.Binding;
        if (binding.Policy?.AllowedSources is { } allowed)
        {
            var client = webhook.ClientAddress;
            if (client is null || !allowed.Contains(client))
            {
                Log.SourceNotAllowed(logger, binding.RouteId, binding.Policy.Name, client?.ToString() ?? "(unreadable X-Forwarded-For)");
                await webhook.AnswerAsync(Problem.SourceNotAllowed, RequestOutcome.SourceNotAllowed);
                return;
            }
        }

        using var rateLease = await AcquireRateAsync(context, webhook);
        if (rateLease is { IsAcquired: false })
        {
            await RejectRateLimitedAsync(webhook, rateLease);
            return;
        }

        using var concurrencyLease = limiters.ConcurrencyLimiterFor(binding)?.AttemptAcquire();
        if (concurrencyLease is { IsAcquired: false })
        {
            await RejectRateLimitedAsync(webhook, concurrencyLease);
            return;
        }

        await next(context);
    }

    private async ValueTask<RateLimitLease?> AcquireRateAsync(HttpContext context, WebhookContext webhook)
    {
        var limiter = limiters.RateLimiterFor(webhook.Binding);
        if (limiter is null)
        {
            return null;
        }

        var partition = webhook.Binding.RateLimit!.PartitionBy == RateLimitPartitioning.ClientAddress
            ? webhook.ClientAddress?.ToString() ?? string.Empty
            : string.Empty;
        return await limiter.AcquireAsync(partition, 1, context.RequestAborted);
    }

    private Task RejectRateLimitedAsync(WebhookContext webhook, RateLimitLease lease)
    {
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
            ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))
            : DefaultRetryAfterSeconds;
        Log.RateLimited(logger, webhook.Binding.RouteId, webhook.Binding.PolicyName ?? PolicySet.Anonymous, webhook.ClientForLog);
        return webhook.AnswerAsync(Problem.RateLimited, RequestOutcome.RateLimited, retryAfter);
    }
}
