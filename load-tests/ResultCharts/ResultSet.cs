namespace ResultCharts;

/// <summary>A scenario with one body size, summarised over its rounds.</summary>
internal sealed record ScenarioSummary(int Rounds, Spread RequestsPerSecond, Spread CpuMicrosPerRequest, Spread P50Ms, Spread P99Ms);

/// <summary>
/// A run's rows grouped for drawing: scenarios (the labels, in the order the run measured them) on one axis, one
/// series per body size.
/// </summary>
internal sealed class ResultSet
{
    private readonly Dictionary<(string Label, string Body), ScenarioSummary> _summaries;

    private ResultSet(IReadOnlyList<string> labels, IReadOnlyList<string> bodies, Dictionary<(string, string), ScenarioSummary> summaries)
    {
        Labels = labels;
        Bodies = bodies;
        _summaries = summaries;
    }

    public IReadOnlyList<string> Labels { get; }

    public IReadOnlyList<string> Bodies { get; }

    public int MaxRounds => _summaries.Values.Max(s => s.Rounds);

    public ScenarioSummary? Find(string label, string body) => _summaries.GetValueOrDefault((label, body));

    public static ResultSet From(IReadOnlyList<ResultRow> rows)
    {
        if (rows.Count == 0)
        {
            throw new InvalidDataException("the file has a header but no rows");
        }

        var summaries = rows
            .GroupBy(r => (r.Label, r.Body))
            .ToDictionary(
                g => g.Key,
                g => new ScenarioSummary(
                    g.Count(),
                    Spread.Of(g.Select(r => r.RequestsPerSecond)),
                    Spread.Of(g.Select(r => r.CpuMicrosPerRequest)),
                    Spread.Of(g.Select(r => r.P50Ms)),
                    Spread.Of(g.Select(r => r.P99Ms))));
        return new ResultSet(
            rows.Select(r => r.Label).Distinct().ToArray(),
            rows.Select(r => r.Body).Distinct().ToArray(),
            summaries);
    }
}
