using System.Collections.Frozen;
using System.Globalization;
using WebhookFirewall.Model;

namespace WebhookFirewall.Configuration;

/// <summary>Typed reads of config values that report where and why a value is unusable instead of throwing.</summary>
internal static class ConfigValues
{
    /// <summary>
    /// A member of <typeparamref name="TEnum"/> by name (case-insensitive). Numbers are refused: `Enum.TryParse`
    /// would turn "2" into an undefined mode, which no check downstream expects.
    /// </summary>
    public static bool TryParseName<TEnum>(string? text, out TEnum value)
        where TEnum : struct, Enum
    {
        value = default;
        return text is not null && !text.Any(char.IsDigit) && Enum.TryParse(text, ignoreCase: true, out value) && Enum.IsDefined(value);
    }

    /// <summary>
    /// `hh:mm:ss` or `d.hh:mm:ss` (with optional fractions of a second), and nothing looser: .NET's lenient parse reads
    /// "300" as 300 days and "05:00" as five hours — a five-minute replay window meant, five hours configured.
    /// </summary>
    private static readonly string[] TimeSpanFormats = [@"h\:mm\:ss", @"h\:mm\:ss\.FFFFFFF", @"d\.h\:mm\:ss", @"d\.h\:mm\:ss\.FFFFFFF"];

    public static TimeSpan ReadTimeSpan(IConfigurationSection parent, string key, TimeSpan fallback, ICollection<ConfigProblem> problems, TimeSpan? maximum = null)
    {
        var section = parent.GetSection(key);
        if (section.Value is null)
        {
            return fallback;
        }

        if (!TimeSpan.TryParseExact(section.Value, TimeSpanFormats, CultureInfo.InvariantCulture, out var value) || value <= TimeSpan.Zero)
        {
            problems.Add(new ConfigProblem(section.Path, $"'{section.Value}' is not a positive TimeSpan written hh:mm:ss or d.hh:mm:ss (examples: \"00:05:00\" for 5 minutes, \"1.00:00:00\" for a day)"));
            return fallback;
        }

        if (value > maximum)
        {
            problems.Add(new ConfigProblem(section.Path, $"'{section.Value}' is longer than the {Describe(maximum.Value)} allowed here"));
            return fallback;
        }

        return value;
    }

    private static string Describe(TimeSpan span) => span.TotalDays >= 1
        ? $"{span.TotalDays.ToString(CultureInfo.InvariantCulture)} day{(span.TotalDays == 1 ? string.Empty : "s")}"
        : span.ToString("c", CultureInfo.InvariantCulture);

    public static long ReadSize(IConfigurationSection parent, string key, long fallback, long maximum, ICollection<ConfigProblem> problems)
    {
        var section = parent.GetSection(key);
        if (section.Value is null)
        {
            return fallback;
        }

        if (long.TryParse(section.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value is > 0 && value <= maximum)
        {
            return value;
        }

        problems.Add(new ConfigProblem(section.Path, $"'{section.Value}' is not a size in bytes between 1 and {maximum}"));
        return fallback;
    }

    public static int ReadCount(IConfigurationSection parent, string key, int fallback, ICollection<ConfigProblem> problems) =>
        ReadWholeNumber(parent, key, fallback, minimum: 1, "a positive whole number", problems);

    /// <summary>A whole number of zero or more (a queue that may be empty).</summary>
    public static int ReadNonNegative(IConfigurationSection parent, string key, int fallback, ICollection<ConfigProblem> problems) =>
        ReadWholeNumber(parent, key, fallback, minimum: 0, "a whole number of zero or more", problems);

    public static bool ReadBool(IConfigurationSection parent, string key, bool fallback, ICollection<ConfigProblem> problems)
    {
        var section = parent.GetSection(key);
        if (section.Value is null)
        {
            return fallback;
        }

        if (bool.TryParse(section.Value, out var value))
        {
            return value;
        }

        problems.Add(new ConfigProblem(section.Path, $"'{section.Value}' is not true or false"));
        return fallback;
    }

    /// <summary>An array (`Secrets:0`, `Secrets:1`, ...) or a single scalar value, in index order.</summary>
    public static IReadOnlyList<string> ReadList(IConfigurationSection parent, string key)
    {
        var section = parent.GetSection(key);
        if (section.Value is not null)
        {
            return [section.Value];
        }

        // GetChildren orders numeric keys numerically, so `10` follows `9`.
        return section.GetChildren().Where(c => c.Value is not null).Select(c => c.Value!).ToArray();
    }

    private static int ReadWholeNumber(IConfigurationSection parent, string key, int fallback, int minimum, string expected, ICollection<ConfigProblem> problems)
    {
        var section = parent.GetSection(key);
        if (section.Value is null)
        {
            return fallback;
        }

        if (int.TryParse(section.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= minimum)
        {
            return value;
        }

        problems.Add(new ConfigProblem(section.Path, $"'{section.Value}' is not {expected}"));
        return fallback;
    }

    /// <summary>A problem for every key of <paramref name="section"/> that is not <paramref name="known"/>: a firewall never ignores configuration silently.</summary>
    public static void ReportUnknownKeys(IConfigurationSection section, FrozenSet<string> known, ICollection<ConfigProblem> problems)
    {
        foreach (var child in section.GetChildren())
        {
            if (!known.Contains(child.Key))
            {
                problems.Add(new ConfigProblem(child.Path, $"is not a known setting (known: {string.Join(", ", known.Order(StringComparer.Ordinal))})"));
            }
        }
    }
}
