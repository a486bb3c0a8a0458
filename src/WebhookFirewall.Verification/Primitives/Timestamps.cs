using System.Globalization;

namespace WebhookFirewall.Verification.Primitives;

internal static class Timestamps
{
    /// <summary>The last second DateTimeOffset can represent (year 9999): beyond it a timestamp is malformed, not an exception.</summary>
    public const long MaxUnixSeconds = 253_402_300_799;

    public static bool TryParse(ReadOnlySpan<char> text, TimestampUnit unit, out DateTimeOffset value)
    {
        value = default;
        if (unit is TimestampUnit.Rfc3339 or TimestampUnit.Iso8601)
        {
            return TryParseDateTime(text, offsetRequired: unit == TimestampUnit.Rfc3339, out value);
        }

        if (text.IsEmpty || text.Length > 19)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        // Nineteen digits can still exceed Int64 (9223372036854775807): such a value is malformed, not an exception.
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }

        var seconds = unit == TimestampUnit.UnixMilliseconds ? number / 1000 : number;
        if (seconds > MaxUnixSeconds)
        {
            return false;
        }

        value = unit == TimestampUnit.UnixMilliseconds
            ? DateTimeOffset.FromUnixTimeMilliseconds(number)
            : DateTimeOffset.FromUnixTimeSeconds(number);
        return true;
    }

    /// <summary>
    /// RFC 3339 / ISO 8601 with any number of fractional digits (Twitch sends nanoseconds; .NET parses at most
    /// seven). RFC 3339 requires an explicit offset or 'Z'; without <paramref name="offsetRequired"/> a time without
    /// one is UTC (Orb's SDK appends the 'Z' itself).
    /// </summary>
    private static bool TryParseDateTime(ReadOnlySpan<char> text, bool offsetRequired, out DateTimeOffset value)
    {
        value = default;
        if (text.Length is < 19 or > 64)
        {
            return false;
        }

        Span<char> trimmed = stackalloc char[text.Length];
        var dot = text.IndexOf('.');
        scoped ReadOnlySpan<char> normalized = text;
        if (dot > 0)
        {
            var end = dot + 1;
            while (end < text.Length && char.IsAsciiDigit(text[end]))
            {
                end++;
            }

            var digits = Math.Min(end - dot - 1, 7);
            text[..(dot + 1 + digits)].CopyTo(trimmed);
            text[end..].CopyTo(trimmed[(dot + 1 + digits)..]);
            normalized = trimmed[..(dot + 1 + digits + text.Length - end)];
        }

        var last = normalized[^1];
        var hasOffset = last is 'Z' or 'z' || (normalized.Length > 6 && normalized[^6] is '+' or '-' && normalized[^3] == ':');
        if (!hasOffset && offsetRequired)
        {
            return false;
        }

        return normalized.Length > 10 && normalized[10] is 'T' or 't'
            && DateTimeOffset.TryParse(normalized, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out value);
    }

    /// <summary>The timestamp as the provider writes it (for signing).</summary>
    public static string Format(DateTimeOffset value, TimestampUnit unit) => unit switch
    {
        TimestampUnit.UnixMilliseconds => value.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
        TimestampUnit.Rfc3339 or TimestampUnit.Iso8601 => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture),
        _ => value.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
    };
}
