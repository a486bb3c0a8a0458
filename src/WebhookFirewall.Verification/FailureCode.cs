namespace WebhookFirewall.Verification;

/// <summary>Why a request was not authenticated. Each maps to a stable wire code (see <see cref="FailureCodes"/>).</summary>
public enum FailureCode
{
    None,
    MissingSignature,
    MalformedSignature,
    InvalidSignature,
    TimestampOutOfWindow,
    InvalidVerifyToken,

    /// <summary>The provider's key or certificate could not be obtained: not the sender's fault, so it may retry.</summary>
    KeyUnavailable,
}
