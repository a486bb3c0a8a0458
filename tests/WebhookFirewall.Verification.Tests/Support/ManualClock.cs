namespace WebhookFirewall.Verification.Tests.Support;

/// <summary>A clock that moves only when told: the key cache's lifetimes, negative entries and budgets, without waiting.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
