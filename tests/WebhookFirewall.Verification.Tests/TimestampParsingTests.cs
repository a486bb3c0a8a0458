using WebhookFirewall.Verification.Primitives;

namespace WebhookFirewall.Verification.Tests;

/// <summary>Timestamps as providers send them: anything that is not one is malformed, never an exception.</summary>
public sealed class TimestampParsingTests
{
    [Theory]
    [InlineData("9223372036854775807")]  // Int64.MaxValue: digits, but past year 9999
    [InlineData("9223372036854775808")]  // 19 digits past Int64: once an OverflowException out of Verify
    [InlineData("9999999999999999999")]
    [InlineData("99999999999999999999")] // 20 digits
    public void Numbers_too_large_for_a_date_are_refused(string text)
    {
        Assert.False(Timestamps.TryParse(text, TimestampUnit.UnixSeconds, out _));
        Assert.False(Timestamps.TryParse(text, TimestampUnit.UnixMilliseconds, out _));
    }

    [Fact]
    public void Largest_representable_instant_still_parses()
    {
        Assert.True(Timestamps.TryParse("253402300799", TimestampUnit.UnixSeconds, out var seconds));
        Assert.Equal(DateTimeOffset.MaxValue.ToUnixTimeSeconds(), seconds.ToUnixTimeSeconds());
        Assert.True(Timestamps.TryParse("253402300799999", TimestampUnit.UnixMilliseconds, out var milliseconds));
        Assert.Equal(DateTimeOffset.MaxValue.ToUnixTimeMilliseconds(), milliseconds.ToUnixTimeMilliseconds());
    }
}
