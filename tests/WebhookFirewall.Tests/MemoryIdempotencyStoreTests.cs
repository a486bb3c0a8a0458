using Microsoft.Extensions.Time.Testing;
using WebhookFirewall.Idempotency;

namespace WebhookFirewall.Tests;

public sealed class MemoryIdempotencyStoreTests
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.Parse("2026-11-25T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public async Task Of_a_thousand_concurrent_claims_exactly_one_wins()
    {
        using var store = new MemoryIdempotencyStore(_clock, 1000, TimeSpan.FromMinutes(1));

        var results = await Task.WhenAll(Enumerable.Range(0, 1000).Select(_ =>
            Task.Run(async () => await store.TryClaimAsync("p:race", TimeSpan.FromMinutes(1), CancellationToken.None))));

        Assert.Single(results, r => r.Outcome == ClaimOutcome.Claimed);
        Assert.Equal(999, results.Count(r => r.Outcome == ClaimOutcome.InProgress));
    }

    /// <summary>An unbounded span must mean "kept", not overflow into a time in the past that drops the record at once.</summary>
    [Fact]
    public async Task The_largest_spans_keep_the_record_instead_of_overflowing()
    {
        using var store = new MemoryIdempotencyStore(_clock, 1000, TimeSpan.FromMinutes(1));

        var claim = await store.TryClaimAsync("p:huge", TimeSpan.MaxValue, CancellationToken.None);
        var whileClaimed = await store.TryClaimAsync("p:huge", TimeSpan.FromSeconds(1), CancellationToken.None);
        await store.SettleAsync(claim.Claim!, 200, TimeSpan.MaxValue, CancellationToken.None);
        _clock.Advance(TimeSpan.FromDays(3650));
        var years = await store.TryClaimAsync("p:huge", TimeSpan.FromSeconds(1), CancellationToken.None);

        Assert.Equal(ClaimOutcome.InProgress, whileClaimed.Outcome);
        Assert.Equal(ClaimOutcome.Completed, years.Outcome);
        Assert.Equal(200, years.FirstStatus);
    }

    [Fact]
    public async Task A_claim_can_be_taken_over_once_its_lease_expires()
    {
        using var store = new MemoryIdempotencyStore(_clock, 1000, TimeSpan.FromMinutes(1));
        var abandoned = await store.TryClaimAsync("p:a", TimeSpan.FromSeconds(150), CancellationToken.None);

        _clock.Advance(TimeSpan.FromSeconds(149));
        var during = await store.TryClaimAsync("p:a", TimeSpan.FromSeconds(150), CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(2));
        var after = await store.TryClaimAsync("p:a", TimeSpan.FromSeconds(150), CancellationToken.None);
        await store.SettleAsync(abandoned.Claim!, 200, TimeSpan.FromDays(1), CancellationToken.None);
        var stillOurs = await store.TryClaimAsync("p:a", TimeSpan.FromSeconds(150), CancellationToken.None);

        Assert.Equal(ClaimOutcome.InProgress, during.Outcome);
        Assert.Equal(ClaimOutcome.Claimed, after.Outcome);
        // The late owner of the expired claim can no longer settle: the new claim stands.
        Assert.Equal(ClaimOutcome.InProgress, stillOurs.Outcome);
    }

    [Fact]
    public async Task Completed_records_expire_with_their_ttl()
    {
        using var store = new MemoryIdempotencyStore(_clock, 1000, TimeSpan.FromMinutes(1));
        var claim = await store.TryClaimAsync("p:t", TimeSpan.FromMinutes(1), CancellationToken.None);
        await store.SettleAsync(claim.Claim!, 204, TimeSpan.FromHours(1), CancellationToken.None);

        var within = await store.TryClaimAsync("p:t", TimeSpan.FromMinutes(1), CancellationToken.None);
        _clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        var after = await store.TryClaimAsync("p:t", TimeSpan.FromMinutes(1), CancellationToken.None);

        Assert.Equal(ClaimOutcome.Completed, within.Outcome);
        Assert.Equal(204, within.FirstStatus);
        Assert.Equal(ClaimOutcome.Claimed, after.Outcome);
    }

    [Fact]
    public async Task Under_pressure_the_oldest_completed_records_go_and_in_flight_claims_stay()
    {
        using var store = new MemoryIdempotencyStore(_clock, maxEntries: 10, TimeSpan.FromMinutes(1));
        var inFlight = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            await store.TryClaimAsync($"p:inflight-{i}", TimeSpan.FromMinutes(5), CancellationToken.None);
            inFlight.Add($"p:inflight-{i}");
        }

        for (var i = 0; i < 30; i++)
        {
            var claim = await store.TryClaimAsync($"p:done-{i}", TimeSpan.FromMinutes(5), CancellationToken.None);
            await store.SettleAsync(claim.Claim!, 200, TimeSpan.FromDays(1), CancellationToken.None);
        }

        Assert.True(store.Count <= 15, $"{store.Count} entries held");
        foreach (var key in inFlight)
        {
            Assert.Equal(ClaimOutcome.InProgress, (await store.TryClaimAsync(key, TimeSpan.FromMinutes(5), CancellationToken.None)).Outcome);
        }

        Assert.Equal(ClaimOutcome.Completed, (await store.TryClaimAsync("p:done-29", TimeSpan.FromMinutes(5), CancellationToken.None)).Outcome);
        Assert.Equal(ClaimOutcome.Claimed, (await store.TryClaimAsync("p:done-0", TimeSpan.FromMinutes(5), CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task The_sweep_drops_expired_records()
    {
        using var store = new MemoryIdempotencyStore(_clock, 1000, TimeSpan.FromMinutes(1));
        for (var i = 0; i < 20; i++)
        {
            var claim = await store.TryClaimAsync($"p:{i}", TimeSpan.FromMinutes(1), CancellationToken.None);
            await store.SettleAsync(claim.Claim!, 200, TimeSpan.FromMinutes(10), CancellationToken.None);
        }

        _clock.Advance(TimeSpan.FromMinutes(11));
        store.Sweep();

        Assert.Equal(0, store.Count);
    }

    [Fact]
    public async Task Only_the_claims_owner_can_settle_or_release_it()
    {
        using var store = new MemoryIdempotencyStore(_clock, 1000, TimeSpan.FromMinutes(1));
        await store.TryClaimAsync("p:o", TimeSpan.FromMinutes(1), CancellationToken.None);

        Assert.False(await store.SettleAsync(new Claim("p:o", "forged"), 200, TimeSpan.FromDays(1), CancellationToken.None));
        Assert.False(await store.ReleaseAsync(new Claim("p:o", "forged"), CancellationToken.None));
        // Tokens are numbers: a guessed one for the same key is refused as well.
        for (var guess = 0; guess < 5; guess++)
        {
            Assert.False(await store.ReleaseAsync(new Claim("p:o", (guess + 2).ToString(System.Globalization.CultureInfo.InvariantCulture)), CancellationToken.None));
        }

        Assert.Equal(ClaimOutcome.InProgress, (await store.TryClaimAsync("p:o", TimeSpan.FromMinutes(1), CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task Dropping_an_old_completion_spares_a_newer_claim_on_the_same_key()
    {
        using var store = new MemoryIdempotencyStore(_clock, maxEntries: 2, TimeSpan.FromMinutes(1));
        var first = await store.TryClaimAsync("p:k", TimeSpan.FromMinutes(1), CancellationToken.None);
        await store.SettleAsync(first.Claim!, 200, TimeSpan.FromMinutes(1), CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(2));
        var again = await store.TryClaimAsync("p:k", TimeSpan.FromMinutes(1), CancellationToken.None);
        await store.SettleAsync(again.Claim!, 202, TimeSpan.FromDays(1), CancellationToken.None);

        // The first completion is now the oldest twice over: dropping it must leave the second record alone.
        store.Sweep();
        var afterSweep = await store.TryClaimAsync("p:k", TimeSpan.FromMinutes(1), CancellationToken.None);
        for (var i = 0; i < 2; i++)
        {
            var other = await store.TryClaimAsync($"p:other-{i}", TimeSpan.FromMinutes(1), CancellationToken.None);
            await store.SettleAsync(other.Claim!, 200, TimeSpan.FromDays(1), CancellationToken.None);
        }

        var replay = await store.TryClaimAsync("p:k", TimeSpan.FromMinutes(1), CancellationToken.None);
        Assert.Equal(ClaimOutcome.Claimed, again.Outcome);
        Assert.Equal(ClaimOutcome.Completed, afterSweep.Outcome);
        Assert.Equal(202, afterSweep.FirstStatus);
        Assert.Equal(ClaimOutcome.Claimed, replay.Outcome); // the bound of 2 pushed it out after two newer ones
    }

    [Fact]
    public async Task Long_keys_are_told_apart()
    {
        using var store = new MemoryIdempotencyStore(_clock, 1000, TimeSpan.FromMinutes(1));
        var stem = new string('x', 5000);

        var first = await store.TryClaimAsync(stem + "a", TimeSpan.FromMinutes(1), CancellationToken.None);
        var second = await store.TryClaimAsync(stem + "b", TimeSpan.FromMinutes(1), CancellationToken.None);
        var repeat = await store.TryClaimAsync(stem + "a", TimeSpan.FromMinutes(1), CancellationToken.None);

        Assert.Equal(ClaimOutcome.Claimed, first.Outcome);
        Assert.Equal(ClaimOutcome.Claimed, second.Outcome);
        Assert.Equal(ClaimOutcome.InProgress, repeat.Outcome);
        Assert.True(await store.SettleAsync(first.Claim!, 201, TimeSpan.FromDays(1), CancellationToken.None));
        Assert.Equal(201, (await store.TryClaimAsync(stem + "a", TimeSpan.FromMinutes(1), CancellationToken.None)).FirstStatus);
    }
}
