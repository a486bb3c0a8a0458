namespace WebhookFirewall.Verification;

public enum VerificationOutcome
{
    Failed,
    Verified,
    Challenge,
}
