using System.Buffers;
using System.Text.Json;

namespace WebhookFirewall.Verification.Primitives;

/// <summary>Reads one top-level member of a JSON body without building a document.</summary>
public static class JsonBodyFields
{
    /// <summary>
    /// The member's string value, or a number's literal text (Telegram's `update_id`). False for a body that is not a
    /// JSON object, a missing member, any other type, or a string that is not valid Unicode. Never throws.
    /// </summary>
    public static bool TryGetString(ReadOnlySpan<byte> body, ReadOnlySpan<byte> name, out string? value)
    {
        value = null;
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 64 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var matches = reader.ValueTextEquals(name);
                if (!reader.Read())
                {
                    return false;
                }

                if (matches)
                {
                    switch (reader.TokenType)
                    {
                        case JsonTokenType.String:
                            value = reader.GetString();
                            return true;
                        case JsonTokenType.Number:
                            value = System.Text.Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan);
                            return true;
                        default:
                            return false;
                    }
                }

                reader.Skip();
            }

            return false;
        }
        catch (JsonException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            // GetString throws this, not JsonException, for a string the reader accepted but cannot turn into UTF-16:
            // an escaped lone surrogate ("\udc00") or invalid UTF-8 bytes. Such a value is no usable id or challenge.
            value = null;
            return false;
        }
    }
}
