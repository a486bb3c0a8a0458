using WebhookFirewall.Model;

namespace WebhookFirewall.Configuration;

/// <summary>What the last config evaluations did, for metrics, readiness and operators.</summary>
internal sealed class ConfigReloadStatus
{
    private long _failures;

    public long Failures => Interlocked.Read(ref _failures);

    public bool Applied { get; private set; }

    public string? AppliedRevision { get; private set; }

    public IReadOnlyList<ConfigProblem> LastProblems { get; private set; } = [];

    public event Action? ReloadFailed;

    public void RecordApplied(string revision)
    {
        AppliedRevision = revision;
        Applied = true;
        LastProblems = [];
    }

    public void RecordRefused(IReadOnlyList<ConfigProblem> problems)
    {
        LastProblems = problems;
        Interlocked.Increment(ref _failures);
        ReloadFailed?.Invoke();
    }
}
