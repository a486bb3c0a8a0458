namespace WebhookFirewall.Verification;

/// <summary>
/// Verified(deliveryId, timestamp, secretIndex, signedUrl) | Challenge(response) | Failed(code, reason). A value, never
/// an exception. <see cref="Reason"/> says in a sentence or two what a person can do about a failure; it never holds
/// a secret, a signature (received or expected), a token or body bytes.
/// </summary>
public readonly struct VerificationResult
{
    private VerificationResult(VerificationOutcome outcome, FailureCode failure, string? deliveryId, DateTimeOffset? timestamp, int secretIndex, HandshakeResponse? handshake, string? reason, string? signedUrl, IdempotencyKeyKind keyKind = IdempotencyKeyKind.Content)
    {
        KeyKind = keyKind;
        Outcome = outcome;
        Failure = failure;
        DeliveryId = deliveryId;
        Timestamp = timestamp;
        SecretIndex = secretIndex;
        Handshake = handshake;
        Reason = reason;
        SignedUrl = signedUrl;
    }

    public VerificationOutcome Outcome { get; }

    public FailureCode Failure { get; }

    /// <summary>The provider's id of this delivery, when it sends one.</summary>
    public string? DeliveryId { get; }

    /// <summary>The signed timestamp, when the scheme signs one; also set on a timestamp_out_of_window failure.</summary>
    public DateTimeOffset? Timestamp { get; }

    /// <summary>Index of the configured secret (or key) that matched; -1 when none applies.</summary>
    public int SecretIndex { get; }

    public HandshakeResponse? Handshake { get; }

    /// <summary>Why the request failed, for the ledger and `diagnose`; null when it did not.</summary>
    public string? Reason { get; }

    /// <summary>The URL the signature covers, for providers that sign one (Twilio, Square, HubSpot ...).</summary>
    public string? SignedUrl { get; }

    /// <summary>
    /// How this delivery is keyed unless its policy says otherwise: by <see cref="DeliveryId"/> when the signature
    /// covers the id or this request carried a signed timestamp, else by its content. Per request, because a scheme
    /// may sign a timestamp in one version and not in another (HubSpot v3 and v1/v2).
    /// </summary>
    public IdempotencyKeyKind KeyKind { get; }

    public bool IsVerified => Outcome == VerificationOutcome.Verified;

    public static VerificationResult Fail(FailureCode code, string reason, DateTimeOffset? timestamp = null) =>
        new(VerificationOutcome.Failed, code, null, timestamp, -1, null, reason, null);

    public static VerificationResult Verified(string? deliveryId, DateTimeOffset? timestamp, int secretIndex, string? signedUrl = null, IdempotencyKeyKind keyKind = IdempotencyKeyKind.Content) =>
        new(VerificationOutcome.Verified, FailureCode.None, deliveryId, timestamp, secretIndex, null, null, signedUrl, keyKind);

    public static VerificationResult Challenge(HandshakeResponse response, int secretIndex = -1) =>
        new(VerificationOutcome.Challenge, FailureCode.None, null, null, secretIndex, response, null, null);

    public override string ToString() => Outcome switch
    {
        VerificationOutcome.Failed => $"Failed({Failure.ToWireCode()}: {Reason})",
        VerificationOutcome.Challenge => $"Challenge({Handshake!.StatusCode})",
        _ => $"Verified(id={DeliveryId}, ts={Timestamp:O}, secret={SecretIndex})",
    };
}
