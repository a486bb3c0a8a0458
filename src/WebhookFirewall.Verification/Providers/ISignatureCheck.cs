namespace WebhookFirewall.Verification.Providers;

/// <summary>The provider-specific part of verification: is this request signed by one of our secrets?</summary>
public interface ISignatureCheck
{
    SignatureCheckResult Check(in WebhookRequest request);
}

public readonly struct SignatureCheckResult
{
    private SignatureCheckResult(FailureCode failure, int secretIndex, DateTimeOffset? timestamp)
    {
        Failure = failure;
        SecretIndex = secretIndex;
        Timestamp = timestamp;
    }

    public FailureCode Failure { get; }

    public int SecretIndex { get; }

    /// <summary>The timestamp the signature covers, to be held to the replay window; null when none is signed.</summary>
    public DateTimeOffset? Timestamp { get; }

    public bool Succeeded => Failure == FailureCode.None;

    public static SignatureCheckResult Fail(FailureCode failure) => new(failure, -1, null);

    public static SignatureCheckResult Matched(int secretIndex, DateTimeOffset? timestamp = null) => new(FailureCode.None, secretIndex, timestamp);
}
