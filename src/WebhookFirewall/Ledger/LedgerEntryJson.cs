using System.Net;
using System.Text.Json;
using WebhookFirewall.Configuration;
using WebhookFirewall.Model;
using WebhookFirewall.Pipeline;
using WebhookFirewall.Verification;

namespace WebhookFirewall.Ledger;

/// <summary>
/// The entry as the API shows it (DESIGN's field names, camelCase) and as the Redis store keeps it: written field by
/// field, so nothing is serialised that was not meant to be, and read back the same way.
/// </summary>
internal static class LedgerEntryJson
{
    public static void Write(Utf8JsonWriter json, LedgerEntry entry, SpoolState? spool = null)
    {
        Span<char> id = stackalloc char[LedgerId.Length];
        entry.Id.TryFormat(id, out _);
        json.WriteStartObject();
        json.WriteString("id", id);
        json.WriteString("receivedAt", entry.ReceivedAt);
        json.WriteString("instance", entry.Instance);
        json.WriteString("route", entry.Route);
        json.WriteString("policy", entry.Policy);
        json.WriteString("provider", entry.Provider);
        json.WriteString("mode", ModeName(entry.Mode));
        json.WriteString("method", entry.Method);
        json.WriteString("path", entry.Path);
        WriteClient(json, entry.Client);
        json.WriteString("deliveryId", entry.DeliveryId);
        json.WriteString("idempotencyKey", KeyKindName(entry.IdempotencyKey));
        json.WriteString("contentType", entry.ContentType);
        WriteNumber(json, "bodyBytes", entry.BodyBytes);
        WriteDigest(json, entry.BodySha256);
        json.WriteStartObject("headers");
        foreach (var name in entry.Headers.Names)
        {
            json.WriteString(name, entry.Headers.ValueOf(name, entry.ContentType));
        }

        json.WriteEndObject();
        json.WriteString("outcome", entry.Outcome);
        json.WriteNumber("status", entry.Status);
        json.WriteString("code", entry.Code);
        json.WriteString("reason", entry.Reason);
        WriteNumber(json, "secretIndex", entry.SecretIndex);
        WriteNumber(json, "timestampSkewSeconds", entry.TimestampSkewSeconds);
        if (entry.Upstream is { } upstream)
        {
            json.WriteStartObject("upstream");
            WriteNumber(json, "status", upstream.Status);
            WriteNumber(json, "durationMs", upstream.DurationMs);
            json.WriteString("error", upstream.Error);
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("upstream");
        }

        json.WriteNumber("durationMs", Math.Round(entry.DurationMs, 3));
        json.WriteString("spoolId", entry.SpoolId);
        WriteSpool(json, spool);
        if (entry.Payload is { } payload)
        {
            json.WriteStartObject("payload");
            json.WriteString("text", payload.Text);
            json.WriteBoolean("truncated", payload.Truncated);
            json.WriteBoolean("redacted", payload.Redacted);
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("payload");
        }

        json.WriteNumber("repeats", entry.Repeats);
        json.WriteEndObject();
    }

    public static byte[] ToUtf8(LedgerEntry entry, SpoolState? spool = null)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer))
        {
            Write(json, entry, spool);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>An entry as <see cref="Write"/> wrote it; null when the text is not one (a foreign or damaged record).</summary>
    public static LedgerEntry? Read(ReadOnlySpan<byte> utf8)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8);
            using var document = JsonDocument.ParseValue(ref reader);
            return Read(document.RootElement);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or KeyNotFoundException)
        {
            return null;
        }
    }

    private static LedgerEntry Read(JsonElement e)
    {
        var headers = e.GetProperty("headers");
        var names = new List<string>();
        string? userAgent = null;
        string? eventHeader = null;
        string? eventType = null;
        foreach (var header in headers.EnumerateObject())
        {
            names.Add(header.Name);
            var value = header.Value.ValueKind == JsonValueKind.String ? header.Value.GetString() : null;
            if (value is null || string.Equals(header.Name, "Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (string.Equals(header.Name, "User-Agent", StringComparison.OrdinalIgnoreCase))
            {
                userAgent = value;
            }
            else
            {
                (eventHeader, eventType) = (header.Name, value);
            }
        }

        var upstream = e.GetProperty("upstream");
        var payload = e.GetProperty("payload");
        var client = String(e, "client");
        return new LedgerEntry
        {
            Id = LedgerId.Parse(e.GetProperty("id").GetString()!),
            ReceivedAt = e.GetProperty("receivedAt").GetDateTimeOffset(),
            Instance = e.GetProperty("instance").GetString()!,
            Route = e.GetProperty("route").GetString()!,
            Policy = String(e, "policy"),
            Provider = String(e, "provider"),
            Mode = String(e, "mode") is { } mode && ConfigValues.TryParseName(mode, out PolicyMode parsed) ? parsed : null,
            Method = e.GetProperty("method").GetString()!,
            Path = e.GetProperty("path").GetString()!,
            Client = client is null ? null : IPAddress.Parse(client),
            DeliveryId = String(e, "deliveryId"),
            IdempotencyKey = String(e, "idempotencyKey") switch
            {
                "deliveryId" => IdempotencyKeyKind.DeliveryId,
                "content" => IdempotencyKeyKind.Content,
                _ => null,
            },
            ContentType = String(e, "contentType"),
            BodyBytes = Int(e, "bodyBytes"),
            BodySha256 = String(e, "bodySha256") is { } digest ? DigestOf(digest) : null,
            Headers = new LedgerHeaders([.. names], userAgent, eventHeader, eventType),
            Outcome = e.GetProperty("outcome").GetString()!,
            Status = e.GetProperty("status").GetInt32(),
            Code = String(e, "code"),
            Reason = String(e, "reason"),
            SecretIndex = Int(e, "secretIndex"),
            TimestampSkewSeconds = Double(e, "timestampSkewSeconds"),
            Upstream = upstream.ValueKind == JsonValueKind.Object ? new LedgerUpstream(Int(upstream, "status"), Double(upstream, "durationMs"), String(upstream, "error")) : null,
            DurationMs = e.GetProperty("durationMs").GetDouble(),
            SpoolId = String(e, "spoolId"),
            Payload = payload.ValueKind == JsonValueKind.Object
                ? new CapturedPayload(payload.GetProperty("text").GetString()!, payload.GetProperty("truncated").GetBoolean(), payload.GetProperty("redacted").GetBoolean())
                : null,
            Repeats = e.GetProperty("repeats").GetInt32(),
        };
    }

    private static string? ModeName(PolicyMode? mode) => mode switch
    {
        PolicyMode.Enforce => "Enforce",
        PolicyMode.Report => "Report",
        _ => null,
    };

    private static string? KeyKindName(IdempotencyKeyKind? kind) => kind switch
    {
        IdempotencyKeyKind.DeliveryId => "deliveryId",
        IdempotencyKeyKind.Content => "content",
        _ => null,
    };

    private static void WriteClient(Utf8JsonWriter json, IPAddress? client)
    {
        Span<char> text = stackalloc char[64];
        if (client is not null && client.TryFormat(text, out var written))
        {
            json.WriteString("client", text[..written]);
        }
        else
        {
            json.WriteNull("client");
        }
    }

    private static void WriteDigest(Utf8JsonWriter json, BodyDigest? digest)
    {
        Span<char> hex = stackalloc char[64];
        if (digest is { } value && Convert.TryToHexStringLower(value, hex, out var written))
        {
            json.WriteString("bodySha256", hex[..written]);
        }
        else
        {
            json.WriteNull("bodySha256");
        }
    }

    internal static void WriteSpool(Utf8JsonWriter json, SpoolState? spool)
    {
        if (spool is null)
        {
            json.WriteNull("spool");
            return;
        }

        json.WriteStartObject("spool");
        json.WriteString("state", spool.State);
        json.WriteNumber("attempts", spool.Attempts);
        if (spool.NextAttemptAt is { } next)
        {
            json.WriteString("nextAttemptAt", next);
        }
        else
        {
            json.WriteNull("nextAttemptAt");
        }

        WriteNumber(json, "lastStatus", spool.LastStatus);
        json.WriteString("lastError", spool.LastError);
        json.WriteEndObject();
    }

    private static void WriteNumber(Utf8JsonWriter json, string name, int? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void WriteNumber(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, Math.Round(number, 3));
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static BodyDigest DigestOf(string hex)
    {
        var digest = default(BodyDigest);
        Convert.FromHexString(hex, digest, out _, out _);
        return digest;
    }

    private static string? String(JsonElement e, string name) =>
        e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int? Int(JsonElement e, string name) =>
        e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : null;

    private static double? Double(JsonElement e, string name) =>
        e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;
}
