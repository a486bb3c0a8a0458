using WebhookFirewall.Spool;

namespace WebhookFirewall.Tests.Units;

public sealed class SpoolBackoffTests
{
    private static readonly TimeSpan First = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Max = TimeSpan.FromHours(1);

    [Fact]
    public void The_first_attempt_waits_exactly_first()
    {
        Assert.Equal(First, SpoolBackoff.Delay(1, First, Max, new Random(1)));
    }

    [Theory]
    [InlineData(2, 10)]
    [InlineData(3, 20)]
    [InlineData(6, 160)]
    public void Attempt_n_waits_between_first_and_first_times_two_to_the_n_minus_one(int attempt, int ceilingSeconds)
    {
        var random = new Random(attempt);
        var delays = Enumerable.Range(0, 2000).Select(_ => SpoolBackoff.Delay(attempt, First, Max, random)).ToArray();

        Assert.All(delays, d => Assert.InRange(d, First, TimeSpan.FromSeconds(ceilingSeconds)));
        // Full jitter: spread over the whole range, not bunched at either end.
        Assert.True(delays.Min() < First + TimeSpan.FromSeconds((ceilingSeconds - 5) * 0.1));
        Assert.True(delays.Max() > TimeSpan.FromSeconds(ceilingSeconds) - TimeSpan.FromSeconds((ceilingSeconds - 5) * 0.1));
    }

    [Theory]
    [InlineData(11)]
    [InlineData(64)]
    [InlineData(int.MaxValue)]
    public void Late_attempts_never_wait_longer_than_max_and_never_overflow(int attempt)
    {
        var random = new Random(attempt);
        for (var i = 0; i < 500; i++)
        {
            Assert.InRange(SpoolBackoff.Delay(attempt, First, Max, random), First, Max);
        }
    }
}
