namespace WebhookFirewall.Idempotency;

/// <summary>What a claim attempt found: ours now, done before (with its first status), or held by another request.</summary>
internal readonly struct ClaimResult
{
    private ClaimResult(ClaimOutcome outcome, Claim? claim, int firstStatus)
    {
        Outcome = outcome;
        Claim = claim;
        FirstStatus = firstStatus;
    }

    public static ClaimResult InProgress { get; } = new(ClaimOutcome.InProgress, null, 0);

    public ClaimOutcome Outcome { get; }

    public Claim? Claim { get; }

    public int FirstStatus { get; }

    public static ClaimResult Claimed(Claim claim) => new(ClaimOutcome.Claimed, claim, 0);

    public static ClaimResult Completed(int firstStatus) => new(ClaimOutcome.Completed, null, firstStatus);
}
