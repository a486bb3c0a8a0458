using System.Text.Json;

namespace WebhookFirewall.Verification.Primitives;

/// <summary>
/// Reads members of one object nested in a JSON body (`event.id`, Mailgun's `signature.token`) without building a
/// document. Repeated names are reported rather than resolved: two parsers that pick different copies of a signed
/// field are how verification is bypassed.
/// </summary>
internal static class NestedJsonFields
{
    private static readonly JsonReaderOptions Options = new() { MaxDepth = 64 };

    /// <summary>
    /// Fills <paramref name="values"/>[i] with the string (or number literal) of <paramref name="names"/>[i] inside the
    /// top-level object member <paramref name="outerName"/>; a missing inner member, or one of another type, stays
    /// null. Never throws.
    /// </summary>
    public static NestedLookup TryGetStrings(ReadOnlySpan<byte> body, ReadOnlySpan<byte> outerName, byte[][] names, string?[] values)
    {
        Array.Clear(values);
        try
        {
            var reader = new Utf8JsonReader(body, Options);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return NestedLookup.NotAnObject;
            }

            var found = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isOuter = reader.ValueTextEquals(outerName);
                if (!reader.Read())
                {
                    return NestedLookup.NotAnObject;
                }

                if (!isOuter)
                {
                    reader.Skip();
                    continue;
                }

                if (found || reader.TokenType != JsonTokenType.StartObject || !ReadMembers(ref reader, names, values))
                {
                    return NestedLookup.Ambiguous;
                }

                found = true;
            }

            // Reading on to the end both finds a repeated outer member and refuses a truncated body.
            return reader.TokenType != JsonTokenType.EndObject || reader.Read() ? NestedLookup.NotAnObject
                : found ? NestedLookup.Found : NestedLookup.Missing;
        }
        catch (JsonException)
        {
            return NestedLookup.NotAnObject;
        }
        catch (InvalidOperationException)
        {
            // A string the reader accepted but cannot turn into UTF-16 (an escaped lone surrogate) is no usable value.
            return NestedLookup.Ambiguous;
        }
    }

    /// <summary>Reads the members of the object the reader stands on; false when a wanted name is repeated.</summary>
    private static bool ReadMembers(ref Utf8JsonReader reader, byte[][] names, string?[] values)
    {
        Span<bool> seen = stackalloc bool[names.Length];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var index = -1;
            for (var i = 0; i < names.Length && index < 0; i++)
            {
                if (reader.ValueTextEquals(names[i]))
                {
                    index = i;
                }
            }

            if (!reader.Read())
            {
                return false;
            }

            if (index < 0)
            {
                reader.Skip();
                continue;
            }

            if (seen[index])
            {
                return false;
            }

            seen[index] = true;
            values[index] = reader.TokenType switch
            {
                JsonTokenType.String => reader.GetString(),
                JsonTokenType.Number => System.Text.Encoding.UTF8.GetString(reader.ValueSpan),
                _ => null,
            };
            reader.Skip();
        }

        return reader.TokenType == JsonTokenType.EndObject;
    }
}
