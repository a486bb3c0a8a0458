using WebhookFirewall.Verification;

namespace WebhookFirewall.Verification.Tests.Support;

/// <summary>Assertions that print the whole result on failure, so a wrong outcome says what it was instead.</summary>
public static class Expect
{
    public static VerificationResult Verified(VerificationResult result, int secretIndex = 0)
    {
        Assert.True(result.Outcome == VerificationOutcome.Verified, $"expected Verified, got {result}");
        Assert.Equal(secretIndex, result.SecretIndex);
        return result;
    }

    public static void Failed(FailureCode expected, VerificationResult result)
    {
        Assert.True(
            result.Outcome == VerificationOutcome.Failed && result.Failure == expected,
            $"expected Failed({expected.ToWireCode()}), got {result}");
        Assert.Null(result.DeliveryId);
        Assert.Null(result.Handshake);
    }

    public static HandshakeResponse Challenge(VerificationResult result)
    {
        Assert.True(result.Outcome == VerificationOutcome.Challenge, $"expected Challenge, got {result}");
        Assert.NotNull(result.Handshake);
        return result.Handshake;
    }
}
