using System.Globalization;
using System.Text.Json;
using WebhookFirewall.Ledger;
using WebhookFirewall.Management.Page;
using WebhookFirewall.Model;
using WebhookFirewall.Pipeline;

namespace WebhookFirewall.Management;

/// <summary>
/// The delivery ledger on the management listener: the list, one entry, the live stream, and the page. Only mapped
/// when a store is configured (`Ledger:Store` = `None` turns all of it off); access is <see cref="ManagementAccess"/>'s.
/// </summary>
internal static class LedgerEndpoints
{
    public const string ListPath = "/api/deliveries";

    public static void Map(WebApplication management, IServiceProvider firewall)
    {
        if (firewall.GetService<ILedgerStore>() is not { } store)
        {
            return;
        }

        var spool = firewall.GetRequiredService<ISpoolStateLookup>();
        management.MapGet(DeliveriesPage.Path, DeliveriesPage.WriteAsync);
        management.MapGet(ListPath, context => ListAsync(context, store, spool));
        var changes = firewall.GetService<Spool.SpoolChanges>();
        management.MapGet(ListPath + "/stream", context => DeliveryStream.ServeAsync(context, store, spool, changes));
        management.MapGet(ListPath + "/{id}", context => OneAsync(context, store, spool));
    }

    private static async Task ListAsync(HttpContext context, ILedgerStore store, ISpoolStateLookup spool)
    {
        if (ReadQuery(context.Request.Query) is not { } query)
        {
            await ProblemWriter.WriteAsync(context, Problem.InvalidQuery);
            return;
        }

        var entries = await store.QueryAsync(query, context.RequestAborted);
        PrepareJson(context.Response);
        await using var json = new Utf8JsonWriter(context.Response.BodyWriter);
        json.WriteStartArray();
        foreach (var entry in entries)
        {
            LedgerEntryJson.Write(json, entry, await DeliveryStream.SpoolOf(entry, spool, context.RequestAborted));
        }

        json.WriteEndArray();
    }

    private static async Task OneAsync(HttpContext context, ILedgerStore store, ISpoolStateLookup spool)
    {
        var text = context.Request.RouteValues["id"] as string;
        if (!LedgerId.TryParse(text, out var id) || await store.FindAsync(id, context.RequestAborted) is not { } entry)
        {
            await ProblemWriter.WriteAsync(context, Problem.DeliveryNotFound);
            return;
        }

        PrepareJson(context.Response);
        await using var json = new Utf8JsonWriter(context.Response.BodyWriter);
        LedgerEntryJson.Write(json, entry, await DeliveryStream.SpoolOf(entry, spool, context.RequestAborted));
    }

    private static void PrepareJson(HttpResponse response)
    {
        response.ContentType = "application/json; charset=utf-8";
        response.Headers.CacheControl = "no-store";
        response.Headers.XContentTypeOptions = "nosniff";
    }

    /// <summary>The filters; null when one is unusable. A limit above the maximum is held to it.</summary>
    internal static LedgerQuery? ReadQuery(IQueryCollection query)
    {
        DateTimeOffset? since = null;
        if (Text(query, "since") is { } sinceText)
        {
            if (!DateTimeOffset.TryParse(sinceText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                return null;
            }

            since = parsed;
        }

        var limit = LedgerQuery.DefaultLimit;
        if (Text(query, "limit") is { } limitText && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1))
        {
            return null;
        }

        return new LedgerQuery
        {
            Route = Text(query, "route"),
            Policy = Text(query, "policy"),
            Outcome = Text(query, "outcome"),
            Code = Text(query, "code"),
            DeliveryId = Text(query, "deliveryId"),
            Since = since,
            Limit = Math.Min(limit, LedgerQuery.MaxLimit),
        };
    }

    private static string? Text(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var values) && values.Count > 0 && !string.IsNullOrEmpty(values[0]) ? values[0] : null;
}
