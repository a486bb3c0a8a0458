using System.Globalization;
using WebhookFirewall.Configuration;
using WebhookFirewall.Idempotency;
using WebhookFirewall.Ledger;
using WebhookFirewall.Model;
using WebhookFirewall.Pipeline;
using WebhookFirewall.Spool;

namespace WebhookFirewall.Management;

/// <summary>
/// The spool on the management listener: `GET /api/spool` (metadata only — never a header or a body byte),
/// `POST /api/spool/{id}/retry` (send now; a dead entry too) and `DELETE /api/spool/{id}` (discard it and release
/// its 202 record, so the provider's next retry is forwarded again). The ledger page's Retry and Discard buttons
/// call the last two.
/// </summary>
internal static class SpoolEndpoints
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 500;

    public static void Map(WebApplication management, IServiceProvider firewall)
    {
        var stores = firewall.GetRequiredService<SpoolStores>();
        var idempotency = firewall.GetRequiredService<IIdempotencyStore>();
        var signal = firewall.GetRequiredService<SpoolSignal>();
        var changes = firewall.GetRequiredService<SpoolChanges>();
        var clock = firewall.GetRequiredService<TimeProvider>();
        // Management access (Host, token, same-origin for changes) is the listener's, in front of every endpoint.
        var spool = management.MapGroup("/api/spool");

        spool.MapGet("/", async (HttpContext context) =>
        {
            var query = context.Request.Query;
            SpoolEntryState? state = null;
            if (query["state"] is { Count: > 0 } stateText)
            {
                if (!SpoolEntryStates.TryParse(stateText, out var parsed))
                {
                    return new ProblemResult(Problem.InvalidQuery);
                }

                state = parsed;
            }

            var limit = DefaultLimit;
            if (query["limit"] is { Count: > 0 } limitText
                && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
            {
                return new ProblemResult(Problem.InvalidQuery);
            }

            var route = query["route"] is { Count: > 0 } routeText ? routeText.ToString() : null;
            if (stores.Store is not { } store)
            {
                return Results.Json(new { store = (string?)null, entries = Array.Empty<object>() });
            }

            try
            {
                var entries = await store.ListAsync(route, state, limit, context.RequestAborted);
                return Results.Json(new { store = store.Name, entries = entries.Select(Shown) });
            }
            catch (SpoolStoreUnavailableException)
            {
                return new ProblemResult(Problem.SpoolStoreUnavailable);
            }
        });

        spool.MapPost("/{id}/retry", async (string id, HttpContext context) =>
        {
            if (stores.Store is not { } store || !LedgerId.TryParse(id, out _))
            {
                return new ProblemResult(Problem.SpoolEntryNotFound);
            }

            try
            {
                switch (await store.RetryNowAsync(id, clock.GetUtcNow(), context.RequestAborted))
                {
                    case SpoolRetryOutcome.Queued:
                        signal.Pulse();
                        changes.Publish(id);
                        return Results.Json(new { id, state = "pending" }, statusCode: StatusCodes.Status202Accepted);
                    case SpoolRetryOutcome.InFlight:
                        return new ProblemResult(Problem.SpoolEntryInFlight);
                    case SpoolRetryOutcome.Delivered:
                        return new ProblemResult(Problem.SpoolEntryDelivered);
                    default:
                        return new ProblemResult(Problem.SpoolEntryNotFound);
                }
            }
            catch (SpoolStoreUnavailableException)
            {
                return new ProblemResult(Problem.SpoolStoreUnavailable);
            }
        });

        spool.MapDelete("/{id}", async (string id, HttpContext context) =>
        {
            if (stores.Store is not { } store || !LedgerId.TryParse(id, out _))
            {
                return new ProblemResult(Problem.SpoolEntryNotFound);
            }

            SpoolEntryInfo? deleted;
            try
            {
                deleted = await store.DeleteAsync(id, context.RequestAborted);
            }
            catch (SpoolStoreUnavailableException)
            {
                return new ProblemResult(Problem.SpoolStoreUnavailable);
            }

            if (deleted is null)
            {
                return new ProblemResult(Problem.SpoolEntryNotFound);
            }

            changes.Publish(id);

            // Discarded, the delivery is no longer acknowledged by anything: the provider's next retry is forwarded.
            var released = false;
            try
            {
                released = await idempotency.ForgetAsync(deleted.IdempotencyKey, CancellationToken.None);
            }
            catch (IdempotencyStoreUnavailableException)
            {
                // The record expires with its TTL instead; said in the answer.
            }

            return Results.Json(new { id, deleted = true, recordReleased = released });
        });
    }

    /// <summary>What an entry shows: metadata only, in the contract's words.</summary>
    private static object Shown(SpoolEntryInfo entry) => new
    {
        id = entry.Id,
        route = entry.Route,
        policy = entry.Policy,
        state = entry.State.ToLabel(),
        attempts = entry.Attempts,
        spooledAt = entry.SpooledAt,
        nextAttemptAt = entry.NextAttemptAt,
        lastStatus = entry.LastStatus,
        lastError = entry.LastError,
        size = entry.Size,
        bodySha256 = entry.BodySha256,
    };

    private sealed class ProblemResult(Problem problem) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => ProblemWriter.WriteAsync(httpContext, problem);
    }
}
