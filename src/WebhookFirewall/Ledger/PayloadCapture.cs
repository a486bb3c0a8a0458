using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using WebhookFirewall.Model;

namespace WebhookFirewall.Ledger;

/// <summary>
/// What a policy with `Ledger:CapturePayloads` keeps of a verified body: the JSON re-written with every property named
/// in its redact list — at any depth, whatever its value — replaced by "[redacted]", then cut to `MaxCapturedBytes`.
/// Redaction runs over the whole body before the cut, so no listed value survives in part. A body that is not JSON is
/// not captured at all (the entry keeps its size and hash).
/// </summary>
internal static class PayloadCapture
{
    public const string RedactedValue = "[redacted]";

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Shown as text (textContent), never as markup: readable beats escaped.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    public static CapturedPayload? Capture(ReadOnlySpan<byte> body, LedgerCaptureSettings settings)
    {
        if (!settings.CapturePayloads || body.IsEmpty)
        {
            return null;
        }

        var redact = new HashSet<string>(settings.RedactFields, StringComparer.OrdinalIgnoreCase);
        var output = new ArrayBufferWriter<byte>(Math.Min(body.Length + 64, settings.MaxCapturedBytes + 256));
        var redacted = false;
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
            using var writer = new Utf8JsonWriter(output, WriterOptions);
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        var name = reader.GetString()!;
                        writer.WritePropertyName(name);
                        if (redact.Contains(name))
                        {
                            reader.Read();
                            reader.Skip();
                            writer.WriteStringValue(RedactedValue);
                            redacted = true;
                        }

                        break;
                    case JsonTokenType.StartObject:
                        writer.WriteStartObject();
                        break;
                    case JsonTokenType.EndObject:
                        writer.WriteEndObject();
                        break;
                    case JsonTokenType.StartArray:
                        writer.WriteStartArray();
                        break;
                    case JsonTokenType.EndArray:
                        writer.WriteEndArray();
                        break;
                    case JsonTokenType.String:
                        writer.WriteStringValue(reader.GetString());
                        break;
                    case JsonTokenType.Number:
                        writer.WriteRawValue(reader.ValueSpan, skipInputValidation: true);
                        break;
                    case JsonTokenType.True or JsonTokenType.False:
                        writer.WriteBooleanValue(reader.GetBoolean());
                        break;
                    case JsonTokenType.Null:
                        writer.WriteNullValue();
                        break;
                }
            }

            writer.Flush();
        }
        catch (JsonException)
        {
            return null;
        }

        var text = output.WrittenSpan;
        var truncated = text.Length > settings.MaxCapturedBytes;
        if (truncated)
        {
            text = text[..Utf8Boundary(text, settings.MaxCapturedBytes)];
        }

        return new CapturedPayload(Encoding.UTF8.GetString(text), truncated, redacted);
    }

    /// <summary>The largest length ≤ <paramref name="limit"/> that does not split a UTF-8 sequence.</summary>
    private static int Utf8Boundary(ReadOnlySpan<byte> text, int limit)
    {
        var end = limit;
        while (end > 0 && (text[end] & 0xC0) == 0x80)
        {
            end--;
        }

        return end;
    }
}
