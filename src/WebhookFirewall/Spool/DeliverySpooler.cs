using WebhookFirewall.Diagnostics;
using WebhookFirewall.Ledger;
using WebhookFirewall.Management;
using WebhookFirewall.Model;
using WebhookFirewall.Pipeline;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace WebhookFirewall.Spool;

/// <summary>
/// Stores a failed forward of a verified delivery (DESIGN "Spool"): as it was sent to the destination, with the
/// verified bytes. Only what the policy retries is stored, only when the store takes it; anything else leaves the
/// answer and the claim as they would be without a spool. Nothing of the request is logged but ids, routes,
/// statuses and sizes.
/// </summary>
internal sealed partial class DeliverySpooler(SpoolStores stores, SpoolOptions options, SpoolSignal signal, SpoolMetrics metrics, TimeProvider clock, ILogger<DeliverySpooler> logger) : IDeliverySpool
{
    /// <summary>While the store is down every spooling request fails alike: its stack once a minute is enough.</summary>
    private readonly OncePerInterval _stackTraces = new(clock, TimeSpan.FromMinutes(1));

    public TimeSpan RecordLifetime(WebhookPolicy policy)
    {
        var spooled = policy.Delivery.MaxAge + options.DeadLetterTtl;
        return spooled > policy.Idempotency.Ttl ? spooled : policy.Idempotency.Ttl;
    }

    public async Task<bool> TrySpoolAsync(HttpContext context, WebhookContext webhook, string claimKey, int? status, ForwarderError error)
    {
        var route = webhook.Binding.RouteId;
        if (webhook.Policy is not { Delivery.Spools: true } policy || webhook.Mark is not { IsVerified: true } || webhook.Key is not { } key
            || (status is null && !SpoolFailures.Retries(policy.Delivery, error)))
        {
            return false;
        }

        var failure = status is { } s ? $"status {s}" : SpoolFailures.Describe(error);
        if (stores.Store is not { } store)
        {
            Log.Refused(logger, route, failure, "the spool store is not open");
            return false;
        }

        if (webhook.ProxyRequest is null)
        {
            // No destination was chosen (none healthy), so no request was made: make it as it would have been sent.
            await PrepareAsync(context, webhook);
        }

        if (webhook.ProxyRequest is not { } sent || webhook.DestinationPrefix is not { } prefix)
        {
            Log.Refused(logger, route, failure, "the request as sent is not known");
            return false;
        }

        if (!SpoolCapture.TryCapture(sent, prefix, policy, webhook.SecretIndex, out var pathAndQuery, out var headers, out var refusal))
        {
            Log.Refused(logger, route, failure, refusal!);
            return false;
        }

        var now = clock.GetUtcNow();
        var entry = new SpoolEntry
        {
            // The ledger's id format, made from when the request arrived: the ledger entry takes the same id.
            Id = LedgerId.New(now - clock.GetElapsedTime(webhook.StartedAt)).ToString(),
            Route = route,
            Policy = policy.Name,
            IdempotencyKey = claimKey,
            ForwardId = key.ForwardId(route),
            SpooledAt = now,
            GiveUpAt = now + policy.Delivery.MaxAge,
            Method = sent.Method.Method,
            PathAndQuery = pathAndQuery,
            Headers = headers,
            SecretIndex = webhook.SecretIndex,
            Body = webhook.Body.ToArray(),
            BodySha256 = Convert.ToHexStringLower(webhook.BodySha256),
            NextAttemptAt = now + policy.Delivery.BackoffFirst,
            LastStatus = status,
            LastError = status is null ? failure : null,
        };
        try
        {
            if (!await store.AddAsync(entry, CancellationToken.None))
            {
                Log.Refused(logger, route, failure, $"Spool:MaxBytes ({options.MaxBytes}) would be passed");
                return false;
            }
        }
        catch (SpoolStoreUnavailableException e)
        {
            Log.StoreFailed(logger, _stackTraces.Now() ? e : null, route, store.Name);
            metrics.StoreError(store.Name);
            return false;
        }

        webhook.SpoolId = entry.Id;
        Log.Spooled(logger, entry.Id, route, failure, entry.Size);
        signal.Pulse();
        return true;
    }

    private static async Task PrepareAsync(HttpContext context, WebhookContext webhook)
    {
        var proxy = context.GetReverseProxyFeature();
        if (proxy.AllDestinations is not [var destination, ..])
        {
            return;
        }

        var prefix = destination.Model.Config.Address;
        var message = new HttpRequestMessage();
        // The route's own transformer, ours included: it keeps the message on the webhook context as if sending it. It
        // stops at the first transform once a response is set, so YARP's 503 is put aside while it runs.
        var status = context.Response.StatusCode;
        context.Response.StatusCode = StatusCodes.Status200OK;
        try
        {
            await proxy.Route.Transformer.TransformRequestAsync(context, message, prefix, CancellationToken.None);
        }
        finally
        {
            context.Response.StatusCode = status;
        }

        message.RequestUri ??= new Uri(RedeliveryTransformer.Join(prefix, context.Request.Path.ToUriComponent() + context.Request.QueryString.ToUriComponent()));
        webhook.ProxyRequest ??= message;
        webhook.DestinationPrefix ??= prefix;
    }
}
