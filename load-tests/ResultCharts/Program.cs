using ResultCharts;

// ResultCharts FILE.csv [FILE.csv ...]: for each result CSV of load-tests/run.sh, writes FILE-throughput.svg
// (requests/s and CPU per request) and FILE-latency.svg (p50 and p99) beside it.
if (args.Length == 0)
{
    Console.Error.WriteLine("usage: ResultCharts FILE.csv [FILE.csv ...]");
    return 2;
}

foreach (var csv in args)
{
    try
    {
        var set = ResultSet.From(ResultCsv.Read(csv));
        var runName = Path.GetFileNameWithoutExtension(csv);
        var stem = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(csv))!, runName);
        var height = ChartStyle.Height(set);
        SvgFile.Save(ThroughputChart.Render(set, runName), $"{stem}-throughput.svg", 2 * ChartStyle.PanelWidth, height);
        SvgFile.Save(LatencyChart.Render(set, runName), $"{stem}-latency.svg", ChartStyle.PanelWidth + 300, height);
        Console.WriteLine($"{stem}-throughput.svg");
        Console.WriteLine($"{stem}-latency.svg");
    }
    catch (Exception e) when (e is IOException or InvalidDataException or FormatException or UnauthorizedAccessException)
    {
        Console.Error.WriteLine($"{csv}: {e.Message}");
        return 1;
    }
}

return 0;
