using System.Buffers;
using System.Text;
using System.Text.Json;

namespace WebhookFirewall.Verification.Primitives;

/// <summary>
/// Handshake answers that echo sender data inside JSON (Zoom, Okta, Event Grid): written by a JSON writer, so a
/// challenge holding quotes or backslashes cannot change the answer's shape.
/// </summary>
internal static class HandshakeJson
{
    public static string Object(string name, string value) => Object([new(name, value)]);

    public static string Object(ReadOnlySpan<KeyValuePair<string, string>> members)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in members)
            {
                writer.WriteString(name, value);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>A string member reached by a path of object members from the root (or its first array element).</summary>
    public static bool TryReadString(ReadOnlySpan<byte> body, bool firstOfArray, ReadOnlySpan<string> path, out string value)
    {
        value = string.Empty;
        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            var element = document.RootElement;
            if (firstOfArray)
            {
                if (element.ValueKind != JsonValueKind.Array || element.GetArrayLength() == 0)
                {
                    return false;
                }

                element = element[0];
            }

            foreach (var name in path)
            {
                if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
                {
                    return false;
                }
            }

            if (element.ValueKind != JsonValueKind.String)
            {
                return false;
            }

            value = element.GetString()!;
            return value.Length > 0;
        }
        catch (JsonException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false; // a string that is not valid Unicode cannot be echoed
        }
    }
}
