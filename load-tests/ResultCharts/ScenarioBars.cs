using ScottPlot;

namespace ResultCharts;

/// <summary>
/// Horizontal grouped bars on one plot: a row per scenario, top to bottom in the order the run measured them, and a
/// bar per series (body size) in each row, with the value written at the end of the bar.
/// </summary>
internal sealed class ScenarioBars
{
    private const double GroupHeight = 0.8;
    private readonly Plot _plot;
    private readonly int _rows;
    private readonly int _series;
    private double _largest;

    public ScenarioBars(Plot plot, IReadOnlyList<string> labels, int series, bool showLabels)
    {
        _plot = plot;
        _rows = labels.Count;
        _series = series;
        var ticks = Enumerable.Range(0, _rows).Select(RowCentre).ToArray();
        plot.Axes.Left.SetTicks(ticks, showLabels ? labels.ToArray() : new string[_rows]);
        plot.Axes.Left.MajorTickStyle.Length = 0;
        plot.Grid.YAxisStyle.IsVisible = false;
    }

    private double BarSize => GroupHeight / _series;

    /// <summary>Adds one series' bars; rows without a value are left empty. Returns the bars for styling.</summary>
    public ScottPlot.Plottables.BarPlot Add(int series, IReadOnlyList<double> values, Color color, string legend)
    {
        var bars = new List<Bar>();
        for (var row = 0; row < _rows; row++)
        {
            if (double.IsNaN(values[row]))
            {
                continue;
            }

            bars.Add(new Bar { Position = Position(row, series), Value = values[row], Size = BarSize * 0.92, FillColor = color, LineWidth = 0 });
            _largest = Math.Max(_largest, values[row]);
        }

        var plot = _plot.Add.Bars(bars);
        plot.Horizontal = true;
        plot.LegendText = legend;
        return plot;
    }

    /// <summary>Whiskers from each row's lowest to highest round.</summary>
    public void AddRanges(int series, IReadOnlyList<Spread> spreads, Color color)
    {
        var rows = Enumerable.Range(0, _rows).Where(r => spreads[r].HasValue && spreads[r].High > spreads[r].Low).ToArray();
        if (rows.Length == 0)
        {
            return;
        }

        var whiskers = new ScottPlot.Plottables.ErrorBar(
            rows.Select(r => spreads[r].Median).ToArray(),
            rows.Select(r => Position(r, series)).ToArray(),
            rows.Select(r => spreads[r].High - spreads[r].Median).ToArray(),
            rows.Select(r => spreads[r].Median - spreads[r].Low).ToArray(),
            new double[rows.Length],
            new double[rows.Length]);
        _plot.Add.Plottable(whiskers);
        whiskers.Color = color;
        whiskers.LineWidth = 1.5f;
        whiskers.CapSize = 5;
        _largest = Math.Max(_largest, rows.Max(r => spreads[r].High));
    }

    /// <summary>Writes a text just right of a bar (at `x`, the bar's end or its whisker's).</summary>
    public void Annotate(int row, int series, double x, string text)
    {
        var label = _plot.Add.Text(text, x, Position(row, series));
        label.LabelAlignment = Alignment.MiddleLeft;
        label.OffsetX = 4;
        label.LabelFontSize = 10;
        label.LabelFontColor = Colors.Black.WithAlpha(0.8);
    }

    /// <summary>Fits the axes: from zero, room on the right for the value texts.</summary>
    public void Fit()
    {
        _plot.Axes.SetLimits(0, _largest <= 0 ? 1 : _largest * 1.22, -0.5, _rows - 0.5);
    }

    private double RowCentre(int row) => _rows - 1 - row;

    /// <summary>The first series on top within its row, as a legend reads.</summary>
    private double Position(int row, int series) => RowCentre(row) + ((_series - 1) / 2.0 - series) * BarSize;
}
