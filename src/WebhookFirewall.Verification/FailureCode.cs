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
}

public static class FailureCodes
{
    /// <summary>The stable `code` member of the problem response, as fixed by the contract.</summary>
    public static string ToWireCode(this FailureCode code) => code switch
    {
        FailureCode.MissingSignature => "missing_signature",
        FailureCode.MalformedSignature => "malformed_signature",
        FailureCode.InvalidSignature => "invalid_signature",
        FailureCode.TimestampOutOfWindow => "timestamp_out_of_window",
        FailureCode.InvalidVerifyToken => "invalid_verify_token",
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, "Not a failure."),
    };
}
