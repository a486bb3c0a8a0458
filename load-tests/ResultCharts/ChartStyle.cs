using System.Globalization;
using ScottPlot;

namespace ResultCharts;

/// <summary>What every chart shares: fonts, the series colours, number formats.</summary>
internal static class ChartStyle
{
    public const int PanelWidth = 760;

    private static readonly ScottPlot.Palettes.Category10 Palette = new();

    public static Color SeriesColor(int series) => Palette.GetColor(series);

    public static Plot NewPlot(string title, string axisLabel)
    {
        var plot = new Plot();
        plot.Font.Set("DejaVu Sans");
        plot.Title(title, size: 14);
        plot.XLabel(axisLabel, size: 12);
        plot.Axes.Left.TickLabelStyle.FontSize = 12;
        plot.Axes.Bottom.TickLabelStyle.FontSize = 11;
        plot.ShowLegend(Edge.Bottom);
        return plot;
    }

    /// <summary>Room for every row's bars: the height grows with scenarios × body sizes.</summary>
    public static int Height(ResultSet set) => 170 + set.Labels.Count * Math.Max(2, set.Bodies.Count) * 20;

    public static string Figure(double value) => value switch
    {
        >= 100 => value.ToString("0", CultureInfo.InvariantCulture),
        >= 10 => value.ToString("0.0", CultureInfo.InvariantCulture),
        _ => value.ToString("0.00", CultureInfo.InvariantCulture),
    };

    public static string RoundsNote(ResultSet set, bool whiskers) => set.MaxRounds switch
    {
        1 => "one round",
        var n when whiskers => $"median of {n} rounds, whiskers: lowest to highest",
        var n => $"median of {n} rounds",
    };
}
