namespace ResultCharts;

/// <summary>The median of a scenario's rounds and the lowest and highest round.</summary>
internal readonly record struct Spread(double Median, double Low, double High)
{
    public bool HasValue => !double.IsNaN(Median);

    public static Spread Of(IEnumerable<double> values)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToArray();
        if (sorted.Length == 0)
        {
            return new Spread(double.NaN, double.NaN, double.NaN);
        }

        var middle = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        return new Spread(median, sorted[0], sorted[^1]);
    }
}
