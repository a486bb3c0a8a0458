using System.Globalization;

namespace ResultCharts;

/// <summary>One scenario in one round, as `load-tests/run.sh` writes it: only the columns the charts draw.</summary>
internal sealed record ResultRow(string Label, string Body, double RequestsPerSecond, double P50Ms, double P99Ms, double CpuMicrosPerRequest);

/// <summary>Reads a result CSV by its header names, so columns may be added or reordered without breaking the charts.</summary>
internal static class ResultCsv
{
    private static readonly string[] Columns = ["label", "body", "rps", "p50_ms", "p99_ms", "cpu_us_per_request"];

    public static IReadOnlyList<ResultRow> Read(string path)
    {
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0)
        {
            throw new InvalidDataException("the file is empty");
        }

        var header = CsvLine.Split(lines[0]);
        var at = Columns.Select(name => IndexOf(header, name)).ToArray();
        var rows = new List<ResultRow>();
        for (var n = 1; n < lines.Length; n++)
        {
            if (lines[n].Length == 0)
            {
                continue;
            }

            var fields = CsvLine.Split(lines[n]);
            if (fields.Count != header.Count)
            {
                throw new InvalidDataException($"line {n + 1}: {fields.Count} fields where the header has {header.Count}");
            }

            rows.Add(new ResultRow(
                fields[at[0]],
                fields[at[1]],
                Number(fields[at[2]]),
                Number(fields[at[3]]),
                Number(fields[at[4]]),
                Number(fields[at[5]])));
        }

        return rows;
    }

    private static int IndexOf(IReadOnlyList<string> header, string name)
    {
        for (var i = 0; i < header.Count; i++)
        {
            if (header[i] == name)
            {
                return i;
            }
        }

        throw new InvalidDataException($"no '{name}' column in the header");
    }

    /// <summary>An empty field (a figure the run could not read) is NaN and is left out of the charts.</summary>
    private static double Number(string text) =>
        text.Length == 0 ? double.NaN : double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
}
