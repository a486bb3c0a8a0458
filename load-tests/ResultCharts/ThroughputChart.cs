using ScottPlot;

namespace ResultCharts;

/// <summary>Two panels side by side: requests per second and CPU per request, per scenario and body size.</summary>
internal static class ThroughputChart
{
    public static Multiplot Render(ResultSet set, string runName)
    {
        var multiplot = new Multiplot(Panel(set, $"{runName}: requests/s", "req/s", s => s.RequestsPerSecond, showLabels: true))
        {
            Layout = new ScottPlot.MultiplotLayouts.Columns(),
        };
        multiplot.AddPlot(Panel(set, "CPU per request (user+system, measured process)", "µs per request", s => s.CpuMicrosPerRequest, showLabels: false));
        return multiplot;
    }

    private static Plot Panel(ResultSet set, string title, string unit, Func<ScenarioSummary, Spread> figure, bool showLabels)
    {
        var plot = ChartStyle.NewPlot(title, $"{unit}; {ChartStyle.RoundsNote(set, whiskers: true)}");
        var bars = new ScenarioBars(plot, set.Labels, set.Bodies.Count, showLabels);
        for (var series = 0; series < set.Bodies.Count; series++)
        {
            var body = set.Bodies[series];
            var spreads = set.Labels.Select(label => set.Find(label, body) is { } s ? figure(s) : new Spread(double.NaN, double.NaN, double.NaN)).ToArray();
            var color = ChartStyle.SeriesColor(series);
            bars.Add(series, spreads.Select(s => s.Median).ToArray(), color, body);
            bars.AddRanges(series, spreads, color.Darken(0.5));
            for (var row = 0; row < spreads.Length; row++)
            {
                if (spreads[row].HasValue)
                {
                    bars.Annotate(row, series, spreads[row].High, ChartStyle.Figure(spreads[row].Median));
                }
            }
        }

        bars.Fit();
        return plot;
    }
}
