namespace WebhookFirewall.Verification;

/// <summary>A provider's verification, built for one policy's settings: a pure function of the request and clock.</summary>
public interface IWebhookVerifier
{
    /// <summary>The provider name from the catalogue (e.g. "github").</summary>
    string Provider { get; }

    ProviderInfo Info { get; }

    /// <summary>How deliveries are keyed for de-duplication unless the policy says otherwise (see <see cref="IdempotencyKeyKind"/>).</summary>
    IdempotencyKeyKind DefaultKeyKind { get; }

    /// <summary>Where the delivery id is read from with these settings, in words.</summary>
    string DeliveryIdDescription { get; }

    /// <summary>Whether the scheme signs a timestamp (the replay window applies).</summary>
    bool SignsTimestamp { get; }

    /// <summary>Request headers that carry a credential with these settings (never stored or shown).</summary>
    IReadOnlyList<string> CredentialHeaders { get; }

    /// <summary>A query parameter that carries a credential with these settings, if any.</summary>
    string? CredentialQueryParameter { get; }

    /// <summary>Produces this provider's requests from a shared secret; null for key-signed providers.</summary>
    IWebhookSigner? Signer { get; }

    /// <summary>
    /// Never throws for any input: malformed input is a <see cref="FailureCode"/>. Providers whose keys are fetched
    /// use only keys already held (pinned or cached) and fail as key_unavailable otherwise.
    /// </summary>
    VerificationResult Verify(in WebhookRequest request);

    /// <summary>As <see cref="Verify"/>, fetching a provider key when one is needed and allowed.</summary>
    ValueTask<VerificationResult> VerifyAsync(WebhookRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// The delivery id the request claims in a header, unverified, for the log line of a rejected request (bounded to
    /// 128 characters); null when the id is not a header (reading an unauthenticated body to log it is work for free).
    /// </summary>
    string? ClaimedDeliveryId(in WebhookRequest request);
}
