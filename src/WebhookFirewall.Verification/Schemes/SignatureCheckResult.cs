namespace WebhookFirewall.Verification.Schemes;

internal readonly struct SignatureCheckResult
{
    private SignatureCheckResult(FailureCode failure, int secretIndex, DateTimeOffset? timestamp, string? reason, string? signedUrl)
    {
        Failure = failure;
        SecretIndex = secretIndex;
        Timestamp = timestamp;
        Reason = reason;
        SignedUrl = signedUrl;
    }

    public FailureCode Failure { get; }

    public int SecretIndex { get; }

    /// <summary>The timestamp the signature covers, to be held to the replay window; null when none is signed.</summary>
    public DateTimeOffset? Timestamp { get; }

    /// <summary>Why it failed (see <see cref="Reasons"/>); null on success.</summary>
    public string? Reason { get; }

    public string? SignedUrl { get; }

    public bool Succeeded => Failure == FailureCode.None;

    public static SignatureCheckResult Fail(FailureCode failure, string reason) => new(failure, -1, null, reason, null);

    public static SignatureCheckResult Matched(int secretIndex, DateTimeOffset? timestamp = null, string? signedUrl = null) =>
        new(FailureCode.None, secretIndex, timestamp, null, signedUrl);

    public VerificationResult ToFailure() => VerificationResult.Fail(Failure, Reason!);
}
