using System.Text.Json;
using WebhookFirewall.Ledger;

namespace WebhookFirewall.Management;

/// <summary>
/// `GET /api/deliveries/stream`: Server-Sent Events, one `delivery` event per new entry, each `id:` the entry's ULID,
/// and a `spool` event (`{"id": ..., "spool": {...} or null}`) when this instance changes a spooled delivery's state. A comment every <see cref="HeartbeatInterval"/> keeps proxies from closing an
/// idle stream. Read with fetch, not EventSource, so the token travels in a header and never in a URL.
/// </summary>
internal static class DeliveryStream
{
    public const string ContentType = "text/event-stream";

    private static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(15);

    public static async Task ServeAsync(HttpContext context, ILedgerStore store, ISpoolStateLookup spool, Spool.SpoolChanges? changes = null)
    {
        var response = context.Response;
        var aborted = context.RequestAborted;
        response.ContentType = ContentType;
        response.Headers.CacheControl = "no-store";
        response.Headers["X-Accel-Buffering"] = "no";
        await response.Body.WriteAsync(": deliveries\nretry: 2000\n\n"u8.ToArray(), aborted);
        await response.Body.FlushAsync(aborted);

        await using var entries = store.FollowAsync(aborted).GetAsyncEnumerator(aborted);
        try
        {
            var next = entries.MoveNextAsync().AsTask();
            var spooled = changes?.Subscribe(aborted);
            var never = new TaskCompletionSource<bool>().Task;
            var change = spooled?.WaitToReadAsync(aborted).AsTask() ?? never;
            while (true)
            {
                var heartbeat = Task.Delay(HeartbeatInterval, aborted);
                var first = await Task.WhenAny(next, heartbeat, change);
                if (first == change)
                {
                    if (!await change)
                    {
                        change = never;
                        continue;
                    }

                    while (spooled!.TryRead(out var id))
                    {
                        await WriteSpoolAsync(response, id, await spool.FindAsync(id, aborted), aborted);
                    }

                    change = spooled.WaitToReadAsync(aborted).AsTask();
                    continue;
                }

                if (first != next)
                {
                    await heartbeat;
                    await response.Body.WriteAsync(": keep-alive\n\n"u8.ToArray(), aborted);
                    await response.Body.FlushAsync(aborted);
                    continue;
                }

                if (!await next)
                {
                    return;
                }

                await WriteAsync(response, "delivery", entries.Current, await SpoolOf(entries.Current, spool, aborted), aborted);
                next = entries.MoveNextAsync().AsTask();
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // the page went away
        }
    }

    internal static ValueTask<SpoolState?> SpoolOf(LedgerEntry entry, ISpoolStateLookup spool, CancellationToken cancellationToken) =>
        entry.SpoolId is { } id ? spool.FindAsync(id, cancellationToken) : ValueTask.FromResult<SpoolState?>(null);

    /// <summary>`event: spool`: an entry's new spool state (null once it left the spool), for the page to join in.</summary>
    private static async Task WriteSpoolAsync(HttpResponse response, string id, SpoolState? state, CancellationToken cancellationToken)
    {
        var writer = response.BodyWriter;
        Write(writer, "event: spool\ndata: ");
        using (var json = new Utf8JsonWriter(writer))
        {
            json.WriteStartObject();
            json.WriteString("id", id);
            LedgerEntryJson.WriteSpool(json, state);
            json.WriteEndObject();
        }

        Write(writer, "\n\n");
        await writer.FlushAsync(cancellationToken);
    }

    private static async Task WriteAsync(HttpResponse response, string eventName, LedgerEntry entry, SpoolState? spool, CancellationToken cancellationToken)
    {
        var writer = response.BodyWriter;
        Write(writer, "id: ");
        Write(writer, entry.Id.ToString());
        Write(writer, "\nevent: ");
        Write(writer, eventName);
        Write(writer, "\ndata: ");
        // One line: the writer never indents, and JSON strings escape every line break.
        using (var json = new Utf8JsonWriter(writer))
        {
            LedgerEntryJson.Write(json, entry, spool);
        }

        Write(writer, "\n\n");
        await writer.FlushAsync(cancellationToken);
    }

    private static void Write(System.IO.Pipelines.PipeWriter writer, string text)
    {
        var span = writer.GetSpan(System.Text.Encoding.UTF8.GetMaxByteCount(text.Length));
        writer.Advance(System.Text.Encoding.UTF8.GetBytes(text, span));
    }
}
