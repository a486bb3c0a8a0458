using WebhookFirewall.Diagnostics;
using WebhookFirewall.Idempotency;
using WebhookFirewall.Management;
using WebhookFirewall.Model;
using Yarp.ReverseProxy.Forwarder;

namespace WebhookFirewall.Pipeline;

/// <summary>
/// Steps 6–8 of the flow: claim (route, delivery key), forward, then settle on a 2xx or release on anything else, so
/// a delivery reaches the upstream exactly once when it succeeds and again when it did not. Only a verified delivery
/// is claimed: a Report-mode failure cannot be trusted to own a key, and an Anonymous route has none.
/// </summary>
internal sealed partial class OnceOnlyForwarding(IIdempotencyStore store, IdempotencyStoreOptions options, ExchangeLifetime exchanges, FirewallMetrics metrics, TimeProvider clock, IDeliverySpool spool, ILogger<OnceOnlyForwarding> logger) : IProxyStep
{
    private readonly OncePerInterval _stackTraces = new(clock, TimeSpan.FromMinutes(1));

    public const int InProgressRetryAfterSeconds = 5;
    public const int StoreUnavailableRetryAfterSeconds = 10;

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var webhook = WebhookContext.Of(context);
        if (webhook.Policy is not { } policy)
        {
            await ForwardUnclaimedAsync(context, webhook, next);
            return;
        }

        switch (webhook.Mark)
        {
            case null:
                // Stages are ordered in one place; a policy route arriving here unverified is a bug: fail closed.
                throw new InvalidOperationException($"Route '{webhook.Binding.RouteId}' reached forwarding without a verdict.");
            case { IsVerified: false }:
                await next(context);
                webhook.Outcome = RequestOutcome.ReportOnly;
                return;
        }

        if (!policy.Idempotency.Enabled)
        {
            await ForwardUnclaimedAsync(context, webhook, next);
            return;
        }

        await ForwardClaimedAsync(context, webhook, policy, webhook.Key!.Value, next);
    }

    /// <summary>
    /// `upstream_error` covers both a failed exchange (502/504 from YARP) and a 5xx answer from the upstream: either
    /// way the delivery was not taken.
    /// </summary>
    private static async Task ForwardUnclaimedAsync(HttpContext context, WebhookContext webhook, RequestDelegate next)
    {
        await next(context);
        webhook.Outcome = context.GetForwarderErrorFeature() is null && context.Response.StatusCode < 500 ? RequestOutcome.Forwarded : RequestOutcome.UpstreamError;
    }

    private async Task ForwardClaimedAsync(HttpContext context, WebhookContext webhook, WebhookPolicy policy, DeliveryKey key, RequestDelegate next)
    {
        ClaimResult result;
        try
        {
            // Not cancelled with the request: a claim abandoned halfway would hold the delivery for a whole lease,
            // refusing the provider's retry; the store's own timeouts bound the wait.
            result = await store.TryClaimAsync(IdempotencyKey.For(webhook.Binding.RouteId, key), options.Lease, CancellationToken.None);
        }
        catch (IdempotencyStoreUnavailableException e)
        {
            // Fail closed: without a claim a retry could be processed twice. The provider retries later.
            LogStoreError(e);
            Log.StoreUnavailable(logger, webhook.Binding.RouteId, policy.Name, store.Name, e.InnerException?.GetType().Name ?? e.GetType().Name);
            metrics.StoreError(store.Name);
            await webhook.AnswerAsync(Problem.StoreUnavailable, RequestOutcome.StoreUnavailable, StoreUnavailableRetryAfterSeconds);
            return;
        }

        switch (result.Outcome)
        {
            case ClaimOutcome.Completed:
                context.Response.StatusCode = result.FirstStatus;
                context.Response.ContentLength = 0;
                context.Response.Headers[FirewallHeaders.Duplicate] = "true";
                webhook.Outcome = RequestOutcome.Duplicate;
                return;
            case ClaimOutcome.InProgress:
                await webhook.AnswerAsync(Problem.DeliveryInProgress, RequestOutcome.InProgress, InProgressRetryAfterSeconds);
                return;
        }

        var claim = result.Claim!;
        // What the upstream answers decides, as soon as its status line arrives (see ClaimSettlement): not what reached
        // the sender, nor when. Only a verified delivery reaches here, so a spooling policy's may be spooled.
        var spooling = policy.Delivery.Spools ? spool : null;
        var settlement = new ClaimSettlement(
            (status, spooled) => SettleAsync(claim, spooled || status is >= 200 and < 300, status ?? StatusCodes.Status502BadGateway, spooled, webhook, policy),
            spooling,
            claim.Key);
        webhook.Settlement = settlement;
        var sender = context.RequestAborted;
        // Handed to the upstream, the exchange runs to its end whatever the sender does (see ExchangeLifetime).
        context.RequestAborted = exchanges.Token;
        try
        {
            await ForwardUnclaimedAsync(context, webhook, next);
            if (spooling is not null && !settlement.Begun && context.GetForwarderErrorFeature() is { } failure && !context.Response.HasStarted
                && await spooling.TrySpoolAsync(context, webhook, claim.Key, null, failure.Error))
            {
                // No answer came (refused, reset, timed out, no healthy destination): the delivery is stored instead.
                SpooledAnswer.Write(context.Response);
                settlement.Spooled();
            }

            if (webhook.SpoolId is not null)
            {
                webhook.Outcome = RequestOutcome.Spooled;
            }
        }
        finally
        {
            context.RequestAborted = sender;
            await webhook.Settlement.FinishAsync();
        }
    }

    /// <summary>
    /// Never throws: the upstream has answered, and so has the provider. A store failure here leaves the claim to
    /// expire with its lease, after which the provider's retry gets through.
    /// </summary>
    private async Task SettleAsync(Claim claim, bool succeeded, int status, bool spooled, WebhookContext webhook, WebhookPolicy policy)
    {
        try
        {
            // A spooled delivery's record outlives its redeliveries and its dead letter, so a provider still retrying
            // then gets a duplicate, never a second copy.
            var ttl = spooled ? spool.RecordLifetime(policy) : policy.Idempotency.Ttl;
            var held = succeeded
                ? await store.SettleAsync(claim, status, ttl, CancellationToken.None)
                : await store.ReleaseAsync(claim, CancellationToken.None);
            if (!held)
            {
                // The exchange outlasted the lease and another request took the delivery over: it may have been
                // forwarded twice. Raise the lease (or lower the cluster's timeouts) if this is ever logged.
                Log.ClaimLost(logger, webhook.Binding.RouteId, policy.Name, store.Name);
            }
        }
        catch (IdempotencyStoreUnavailableException e)
        {
            LogStoreError(e);
            Log.SettleFailed(logger, webhook.Binding.RouteId, policy.Name, store.Name, succeeded ? "settle" : "release", e.InnerException?.GetType().Name ?? e.GetType().Name);
            metrics.StoreError(store.Name);
        }
    }

    /// <summary>The store's exception with its stack, once a minute at most: every request fails alike while it is down.</summary>
    private void LogStoreError(Exception exception)
    {
        if (_stackTraces.Now())
        {
            Log.StoreErrorDetail(logger, exception, store.Name);
        }
    }
}
