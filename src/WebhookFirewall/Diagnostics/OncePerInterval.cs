namespace WebhookFirewall.Diagnostics;

/// <summary>
/// Says yes at most once per interval: while a dependency is down every request fails the same way, and one log line
/// each is plenty — the stack trace that explains it is worth logging once a minute, not thousands of times.
/// </summary>
internal sealed class OncePerInterval(TimeProvider clock, TimeSpan interval)
{
    private readonly long _intervalTicks = (long)(interval.TotalSeconds * clock.TimestampFrequency);
    private long _next;

    public bool Now()
    {
        var now = clock.GetTimestamp();
        var next = Interlocked.Read(ref _next);
        return now >= next && Interlocked.CompareExchange(ref _next, now + _intervalTicks, next) == next;
    }
}
