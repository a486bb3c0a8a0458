namespace WebhookFirewall.Verification;

/// <summary>A provider's verification: a pure function of the request bytes, headers and clock.</summary>
public interface IWebhookVerifier
{
    /// <summary>The provider name from the catalogue (e.g. "github").</summary>
    string Provider { get; }

    /// <summary>Never throws for any input: malformed input is a <see cref="FailureCode"/>.</summary>
    VerificationResult Verify(in WebhookRequest request);
}
