using WebhookFirewall.Configuration;
using WebhookFirewall.Idempotency;
using WebhookFirewall.Management;
using Yarp.ReverseProxy.Forwarder;

namespace WebhookFirewall.Pipeline;

/// <summary>
/// Steps 6–8 of the flow: claim (policy, delivery id), forward, then settle on a 2xx or release on anything else, so
/// a delivery reaches the upstream exactly once when it succeeds and again when it did not.
/// </summary>
internal sealed partial class OnceOnlyForwarding(IIdempotencyStore store, IdempotencyOptions options, FirewallMetrics metrics, ILogger<OnceOnlyForwarding> logger)
{
    public const int InProgressRetryAfterSeconds = 5;
    public const int StoreUnavailableRetryAfterSeconds = 10;

    /// <summary>
    /// Forwards without a claim (no delivery id, idempotency off, Anonymous routes). `upstream_error` covers both a
    /// failed exchange (502/504 from YARP) and a 5xx answer from the upstream: either way the delivery was not taken.
    /// </summary>
    public static async Task<RequestOutcome> ForwardUnclaimedAsync(HttpContext context, Func<Task> next)
    {
        await next();
        return context.GetForwarderErrorFeature() is null && context.Response.StatusCode < 500 ? RequestOutcome.Forwarded : RequestOutcome.UpstreamError;
    }

    public async Task<RequestOutcome> ForwardAsync(HttpContext context, RouteBinding binding, WebhookPolicy policy, string? deliveryId, Func<Task> next)
    {
        if (!policy.Idempotency.Enabled || deliveryId is null)
        {
            return await ForwardUnclaimedAsync(context, next);
        }

        ClaimResult result;
        try
        {
            result = await store.TryClaimAsync(IdempotencyKey.For(policy.Name, deliveryId), options.Lease, context.RequestAborted);
        }
        catch (IdempotencyStoreUnavailableException e)
        {
            // Fail closed: without a claim a retry could be processed twice. The provider retries later.
            Log.StoreUnavailable(logger, e, binding.RouteId, policy.Name, store.Name);
            metrics.StoreError(store.Name);
            await ProblemResponses.WriteAsync(context, "store_unavailable", StoreUnavailableRetryAfterSeconds);
            return RequestOutcome.StoreUnavailable;
        }

        switch (result.Outcome)
        {
            case ClaimOutcome.Completed:
                context.Response.StatusCode = result.FirstStatus;
                context.Response.ContentLength = 0;
                context.Response.Headers[VerificationMark.DuplicateHeaderName] = "true";
                return RequestOutcome.Duplicate;
            case ClaimOutcome.InProgress:
                await ProblemResponses.WriteAsync(context, "delivery_in_progress", InProgressRetryAfterSeconds);
                return RequestOutcome.InProgress;
        }

        var claim = result.Claim!;
        var outcome = RequestOutcome.UpstreamError;
        try
        {
            outcome = await ForwardUnclaimedAsync(context, next);
        }
        finally
        {
            // What the upstream answered decides, not what reached the client (see UpstreamStatus).
            var upstream = context.Features.Get<UpstreamStatus>();
            await SettleAsync(claim, upstream is { IsSuccess: true }, upstream?.Code ?? context.Response.StatusCode, policy, binding);
        }

        return outcome;
    }

    /// <summary>
    /// Never throws: the upstream has answered, and so has the provider. A store failure here leaves the claim to
    /// expire with its lease, after which the provider's retry gets through.
    /// </summary>
    private async Task SettleAsync(Claim claim, bool succeeded, int status, WebhookPolicy policy, RouteBinding binding)
    {
        try
        {
            var held = succeeded
                ? await store.SettleAsync(claim, status, policy.Idempotency.Ttl, CancellationToken.None)
                : await store.ReleaseAsync(claim, CancellationToken.None);
            if (!held)
            {
                // The exchange outlasted the lease and another request took the delivery over: it may have been
                // forwarded twice. Raise the lease (or lower the cluster's timeouts) if this is ever logged.
                Log.ClaimLost(logger, binding.RouteId, policy.Name, store.Name);
            }
        }
        catch (IdempotencyStoreUnavailableException e)
        {
            Log.SettleFailed(logger, e, binding.RouteId, policy.Name, store.Name, succeeded ? "settle" : "release");
            metrics.StoreError(store.Name);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 300, Level = LogLevel.Error, Message = "Idempotency store {Store} unavailable on route {Route} (policy {Policy}): answered 503 store_unavailable")]
        public static partial void StoreUnavailable(ILogger logger, Exception exception, string route, string policy, string store);

        [LoggerMessage(EventId = 302, Level = LogLevel.Warning, Message = "A claim on route {Route} (policy {Policy}) had expired before it was settled ({Store}): the exchange outlasted Idempotency:Lease")]
        public static partial void ClaimLost(ILogger logger, string route, string policy, string store);

        [LoggerMessage(EventId = 301, Level = LogLevel.Error, Message = "Idempotency store {Store} failed to {Action} a claim on route {Route} (policy {Policy}); it expires with its lease")]
        public static partial void SettleFailed(ILogger logger, Exception exception, string route, string policy, string store, string action);
    }
}
