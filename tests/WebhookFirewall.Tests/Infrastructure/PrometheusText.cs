using System.Globalization;

namespace WebhookFirewall.Tests.Infrastructure;

/// <summary>Reads samples out of the Prometheus text exposition format.</summary>
public static class PrometheusText
{
    /// <summary>The value of the sample with exactly these labels (in any order), or null when absent.</summary>
    public static double? Value(string exposition, string name, params (string Label, string Value)[] labels)
    {
        foreach (var line in exposition.Split('\n'))
        {
            if (line.StartsWith('#') || !line.StartsWith(name, StringComparison.Ordinal))
            {
                continue;
            }

            var rest = line[name.Length..];
            var labelText = string.Empty;
            if (rest.StartsWith('{'))
            {
                var close = rest.IndexOf('}', StringComparison.Ordinal);
                labelText = rest[1..close];
                rest = rest[(close + 1)..];
            }
            else if (!rest.StartsWith(' '))
            {
                continue; // a longer metric name with this prefix
            }

            var present = labelText.Length == 0 ? [] : labelText.Split(',').Select(l => l.Trim()).ToArray();
            var wanted = labels.Select(l => $"{l.Label}=\"{l.Value}\"").ToArray();
            if (present.Length == wanted.Length && wanted.All(present.Contains))
            {
                return double.Parse(rest.Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }

        return null;
    }
}
