namespace WebhookFirewall.Spool;

/// <summary>
/// Exponential backoff with full jitter between `Backoff:First` and `Backoff:Max`: attempt n waits a uniformly random
/// time between First and min(Max, First × 2^(n-1)), so instances retrying a recovering backend spread out instead
/// of arriving together.
/// </summary>
internal static class SpoolBackoff
{
    public static TimeSpan Delay(int attempt, TimeSpan first, TimeSpan max, Random random)
    {
        var exponent = Math.Clamp(attempt - 1, 0, 62);
        var ceilingTicks = first.Ticks * Math.Pow(2, exponent);
        var ceiling = ceilingTicks >= max.Ticks ? max : TimeSpan.FromTicks((long)ceilingTicks);
        if (ceiling <= first)
        {
            return first;
        }

        return first + TimeSpan.FromTicks((long)(random.NextDouble() * (ceiling - first).Ticks));
    }
}
