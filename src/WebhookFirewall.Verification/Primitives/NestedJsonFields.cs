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

    /// <summary>
    /// The string (or number literal) at <paramref name="path"/>, a member of a member ... of the top-level object
    /// (Heroku's `webhook_metadata.delivery.id`): Found with the value (null for another type), Missing when a member
    /// on the way is absent, Ambiguous when one on the way is repeated or not an object. Never throws.
    /// </summary>
    public static NestedLookup TryGetString(ReadOnlySpan<byte> body, byte[][] path, out string? value)
    {
        value = null;
        try
        {
            var reader = new Utf8JsonReader(body, Options);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return NestedLookup.NotAnObject;
            }

            // Reading on past the object (only when it was read to its end) refuses a second top-level value.
            var lookup = ReadPath(ref reader, path, 0, ref value);
            return lookup is NestedLookup.Found or NestedLookup.Missing && reader.Read() ? NestedLookup.NotAnObject : lookup;
        }
        catch (JsonException)
        {
            return NestedLookup.NotAnObject;
        }
        catch (InvalidOperationException)
        {
            return NestedLookup.Ambiguous; // as in TryGetStrings: a string that cannot be unescaped is no usable value
        }
    }

    /// <summary>Reads the object the reader stands on to its end, following <paramref name="path"/> from <paramref name="depth"/>.</summary>
    private static NestedLookup ReadPath(ref Utf8JsonReader reader, byte[][] path, int depth, ref string? value)
    {
        var lookup = NestedLookup.Missing;
        var seen = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var matches = reader.ValueTextEquals(path[depth]);
            if (!reader.Read())
            {
                return NestedLookup.NotAnObject;
            }

            if (!matches)
            {
                reader.Skip();
                continue;
            }

            if (seen)
            {
                return NestedLookup.Ambiguous;
            }

            seen = true;
            if (depth == path.Length - 1)
            {
                value = reader.TokenType switch
                {
                    JsonTokenType.String => reader.GetString(),
                    JsonTokenType.Number => System.Text.Encoding.UTF8.GetString(reader.ValueSpan),
                    _ => null,
                };
                reader.Skip();
                lookup = NestedLookup.Found;
                continue;
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return NestedLookup.Ambiguous;
            }

            lookup = ReadPath(ref reader, path, depth + 1, ref value);
            if (lookup is NestedLookup.NotAnObject or NestedLookup.Ambiguous)
            {
                return lookup;
            }
        }

        return reader.TokenType == JsonTokenType.EndObject ? lookup : NestedLookup.NotAnObject;
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
