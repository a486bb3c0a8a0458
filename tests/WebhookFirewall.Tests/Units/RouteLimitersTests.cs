using WebhookFirewall.Pipeline;
using static WebhookFirewall.Tests.Units.ModelBuilders;

namespace WebhookFirewall.Tests.Units;

/// <summary>Limiters survive reloads that leave their route's definition unchanged, so an edit elsewhere hands no flood a fresh bucket.</summary>
public sealed class RouteLimitersTests : IDisposable
{
    private readonly RouteLimiters _limiters = new();

    public void Dispose() => _limiters.Dispose();

    [Fact]
    public void The_same_definition_in_the_next_revision_keeps_its_limiter_and_its_count()
    {
        var before = _limiters.RateLimiterFor(Binding("gh", "1", FixedWindow("webhooks", 1)))!;
        using var spent = before.AttemptAcquire(string.Empty);

        var after = _limiters.RateLimiterFor(Binding("gh", "2", FixedWindow("webhooks", 1)))!;

        Assert.Same(before, after);
        Assert.True(spent.IsAcquired);
        using var refused = after.AttemptAcquire(string.Empty);
        Assert.False(refused.IsAcquired);
    }

    [Fact]
    public void A_changed_definition_gets_a_new_limiter()
    {
        var before = _limiters.RateLimiterFor(Binding("gh", "1", FixedWindow("webhooks", 1)));

        var after = _limiters.RateLimiterFor(Binding("gh", "2", FixedWindow("webhooks", 5)));

        Assert.NotSame(before, after);
    }

    [Fact]
    public void Two_routes_with_one_definition_count_separately()
    {
        var limit = FixedWindow("webhooks", 1);

        Assert.NotSame(_limiters.RateLimiterFor(Binding("a", "1", limit)), _limiters.RateLimiterFor(Binding("b", "1", limit)));
    }

    [Fact]
    public void No_definition_no_limiter()
    {
        Assert.Null(_limiters.RateLimiterFor(Binding("gh", "1")));
        Assert.Null(_limiters.ConcurrencyLimiterFor(Binding("gh", "1")));
    }

    [Fact]
    public void A_concurrency_cap_keeps_its_limiter_while_unchanged_and_gets_a_new_one_when_changed()
    {
        var first = _limiters.ConcurrencyLimiterFor(Binding("gh", "1", maxConcurrent: 2));

        var same = _limiters.ConcurrencyLimiterFor(Binding("gh", "2", maxConcurrent: 2));
        var changed = _limiters.ConcurrencyLimiterFor(Binding("gh", "3", maxConcurrent: 3));

        Assert.Same(first, same);
        Assert.NotSame(first, changed);
    }
}
