namespace WebhookFirewall.Verification;

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
        FailureCode.KeyUnavailable => "key_unavailable",
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, "Not a failure."),
    };
}
