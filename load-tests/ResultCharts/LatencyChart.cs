using ScottPlot;

namespace ResultCharts;

/// <summary>
/// Latency percentiles per scenario and body size: the p99 as a light bar with the p50 drawn solid inside it, so each
/// bar shows both and the gap between them is the tail.
/// </summary>
internal static class LatencyChart
{
    public static Multiplot Render(ResultSet set, string runName)
    {
        var plot = ChartStyle.NewPlot($"{runName}: latency", $"ms, p50 solid and p99 light; {ChartStyle.RoundsNote(set, whiskers: false)}");
        var bars = new ScenarioBars(plot, set.Labels, set.Bodies.Count, showLabels: true);
        for (var series = 0; series < set.Bodies.Count; series++)
        {
            var body = set.Bodies[series];
            var summaries = set.Labels.Select(label => set.Find(label, body)).ToArray();
            var color = ChartStyle.SeriesColor(series);
            bars.Add(series, summaries.Select(s => s?.P99Ms.Median ?? double.NaN).ToArray(), color.WithAlpha(0.35), $"{body} p99");
            bars.Add(series, summaries.Select(s => s?.P50Ms.Median ?? double.NaN).ToArray(), color, $"{body} p50");
            for (var row = 0; row < summaries.Length; row++)
            {
                if (summaries[row] is { P99Ms.HasValue: true } s)
                {
                    bars.Annotate(row, series, s.P99Ms.Median, $"{ChartStyle.Figure(s.P50Ms.Median)} / {ChartStyle.Figure(s.P99Ms.Median)}");
                }
            }
        }

        bars.Fit();
        return new Multiplot(plot);
    }
}
