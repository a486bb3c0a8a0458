using WebhookFirewall.Idempotency;
using WebhookFirewall.Management;
using WebhookFirewall.Model;
using Yarp.ReverseProxy.Forwarder;

namespace WebhookFirewall.Pipeline;

/// <summary>
/// Steps 6–8 of the flow: claim (policy, delivery id), forward, then settle on a 2xx or release on anything else, so
/// a delivery reaches the upstream exactly once when it succeeds and again when it did not. Only a verified delivery
/// is claimed: a Report-mode failure cannot be trusted to own an id, and an Anonymous route has none.
/// </summary>
internal sealed partial class OnceOnlyForwarding(IIdempotencyStore store, IdempotencyStoreOptions options, FirewallMetrics metrics, ILogger<OnceOnlyForwarding> logger) : IProxyStep
{
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

        if (!policy.Idempotency.Enabled || webhook.DeliveryId is null)
        {
            await ForwardUnclaimedAsync(context, webhook, next);
            return;
        }

        await ForwardClaimedAsync(context, webhook, policy, webhook.DeliveryId, next);
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

    private async Task ForwardClaimedAsync(HttpContext context, WebhookContext webhook, WebhookPolicy policy, string deliveryId, RequestDelegate next)
    {
        ClaimResult result;
        try
        {
            // Not cancelled with the request: a claim abandoned halfway would hold the delivery for a whole lease,
            // refusing the provider's retry; the store's own timeouts bound the wait.
            result = await store.TryClaimAsync(IdempotencyKey.For(policy.Name, deliveryId), options.Lease, CancellationToken.None);
        }
        catch (IdempotencyStoreUnavailableException e)
        {
            // Fail closed: without a claim a retry could be processed twice. The provider retries later.
            Log.StoreUnavailable(logger, e, webhook.Binding.RouteId, policy.Name, store.Name);
            metrics.StoreError(store.Name);
            await webhook.AnswerAsync(Problem.StoreUnavailable, RequestOutcome.StoreUnavailable, StoreUnavailableRetryAfterSeconds);
            return;
        }

        switch (result.Outcome)
        {
            case ClaimOutcome.Completed:
                context.Response.StatusCode = result.FirstStatus;
                context.Response.ContentLength = 0;
                context.Response.Headers[VerificationMark.DuplicateHeaderName] = "true";
                webhook.Outcome = RequestOutcome.Duplicate;
                return;
            case ClaimOutcome.InProgress:
                await webhook.AnswerAsync(Problem.DeliveryInProgress, RequestOutcome.InProgress, InProgressRetryAfterSeconds);
                return;
        }

        var claim = result.Claim!;
        try
        {
            await ForwardUnclaimedAsync(context, webhook, next);
        }
        finally
        {
            // What the upstream answered decides, not what reached the client (see WebhookContext.UpstreamStatus).
            var upstream = webhook.UpstreamStatus;
            await SettleAsync(claim, upstream is >= 200 and < 300, upstream ?? context.Response.StatusCode, webhook, policy);
        }
    }

    /// <summary>
    /// Never throws: the upstream has answered, and so has the provider. A store failure here leaves the claim to
    /// expire with its lease, after which the provider's retry gets through.
    /// </summary>
    private async Task SettleAsync(Claim claim, bool succeeded, int status, WebhookContext webhook, WebhookPolicy policy)
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
                Log.ClaimLost(logger, webhook.Binding.RouteId, policy.Name, store.Name);
            }
        }
        catch (IdempotencyStoreUnavailableException e)
        {
            Log.SettleFailed(logger, e, webhook.Binding.RouteId, policy.Name, store.Name, succeeded ? "settle" : "release");
            metrics.StoreError(store.Name);
        }
    }
}
