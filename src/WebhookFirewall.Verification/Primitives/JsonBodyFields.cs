using System.Buffers;
using System.Text.Json;

namespace WebhookFirewall.Verification.Primitives;

/// <summary>Reads one top-level member of a JSON body without building a document.</summary>
internal static class JsonBodyFields
{
    private static readonly JsonReaderOptions Options = new() { MaxDepth = 64 };

    /// <summary>
    /// The member's string value, or a number's literal text (Telegram's `update_id`). False for a body that is not a
    /// JSON object, a missing member, any other type, or a string that is not valid Unicode. Never throws.
    /// </summary>
    public static bool TryGetString(ReadOnlySpan<byte> body, ReadOnlySpan<byte> name, out string? value)
    {
        value = null;
        try
        {
            var reader = new Utf8JsonReader(body, Options);
            if (!TrySeekMember(ref reader, name))
            {
                return false;
            }

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

    /// <summary>
    /// True when the member is a string equal to <paramref name="expected"/> (UTF-8, compared after unescaping).
    /// Allocates nothing: for checks made on every delivery, such as Slack's `type`. Never throws.
    /// </summary>
    public static bool StringEquals(ReadOnlySpan<byte> body, ReadOnlySpan<byte> name, ReadOnlySpan<byte> expected)
    {
        try
        {
            var reader = new Utf8JsonReader(body, Options);
            return TrySeekMember(ref reader, name) && reader.TokenType == JsonTokenType.String && reader.ValueTextEquals(expected);
        }
        catch (JsonException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false; // same as in TryGetString: a value that cannot be unescaped equals nothing
        }
    }

    /// <summary>
    /// True when the member is a JSON number equal to <paramref name="expected"/> (Discord's `type`). A string "1" is
    /// not the number 1. Allocates nothing; never throws.
    /// </summary>
    public static bool NumberEquals(ReadOnlySpan<byte> body, ReadOnlySpan<byte> name, long expected)
    {
        try
        {
            var reader = new Utf8JsonReader(body, Options);
            return TrySeekMember(ref reader, name) && reader.TokenType == JsonTokenType.Number
                && reader.TryGetInt64(out var value) && value == expected;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>
    /// True when the member is an array without elements (Xero's intent-to-receive `"events": []`). Allocates
    /// nothing; never throws.
    /// </summary>
    public static bool IsEmptyArray(ReadOnlySpan<byte> body, ReadOnlySpan<byte> name)
    {
        try
        {
            var reader = new Utf8JsonReader(body, Options);
            return TrySeekMember(ref reader, name) && reader.TokenType == JsonTokenType.StartArray
                && reader.Read() && reader.TokenType == JsonTokenType.EndArray;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Moves the reader onto the value of the top-level member <paramref name="name"/>.</summary>
    private static bool TrySeekMember(ref Utf8JsonReader reader, ReadOnlySpan<byte> name)
    {
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
                return true;
            }

            reader.Skip();
        }

        return false;
    }
}
