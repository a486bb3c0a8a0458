namespace WebhookFirewall.Verification;

public enum VerificationOutcome
{
    Failed,
    Verified,
    Challenge,
}

/// <summary>Verified(deliveryId, timestamp, secretIndex) | Challenge(response) | Failed(code). A value, never an exception.</summary>
public readonly struct VerificationResult
{
    private VerificationResult(VerificationOutcome outcome, FailureCode failure, string? deliveryId, DateTimeOffset? timestamp, int secretIndex, HandshakeResponse? handshake)
    {
        Outcome = outcome;
        Failure = failure;
        DeliveryId = deliveryId;
        Timestamp = timestamp;
        SecretIndex = secretIndex;
        Handshake = handshake;
    }

    public VerificationOutcome Outcome { get; }

    public FailureCode Failure { get; }

    /// <summary>The provider's id of this delivery, when it sends one; the idempotency key.</summary>
    public string? DeliveryId { get; }

    /// <summary>The signed timestamp, when the scheme signs one.</summary>
    public DateTimeOffset? Timestamp { get; }

    /// <summary>Index of the configured secret (or key) that matched; -1 when none applies.</summary>
    public int SecretIndex { get; }

    public HandshakeResponse? Handshake { get; }

    public bool IsVerified => Outcome == VerificationOutcome.Verified;

    public static VerificationResult Fail(FailureCode code) => new(VerificationOutcome.Failed, code, null, null, -1, null);

    public static VerificationResult Verified(string? deliveryId, DateTimeOffset? timestamp, int secretIndex) =>
        new(VerificationOutcome.Verified, FailureCode.None, deliveryId, timestamp, secretIndex, null);

    public static VerificationResult Challenge(HandshakeResponse response, int secretIndex = -1) =>
        new(VerificationOutcome.Challenge, FailureCode.None, null, null, secretIndex, response);

    public override string ToString() => Outcome switch
    {
        VerificationOutcome.Failed => $"Failed({Failure.ToWireCode()})",
        VerificationOutcome.Challenge => $"Challenge({Handshake!.StatusCode})",
        _ => $"Verified(id={DeliveryId}, ts={Timestamp:O}, secret={SecretIndex})",
    };
}
