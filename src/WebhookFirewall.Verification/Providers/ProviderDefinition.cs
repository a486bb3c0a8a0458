namespace WebhookFirewall.Verification.Providers;

/// <summary>What a provider needs from config, and how its verifier is built.</summary>
public sealed class ProviderDefinition
{
    public required string Name { get; init; }

    /// <summary>One line for the README's provider table and `validate`: what exactly is verified.</summary>
    public required string Summary { get; init; }

    public bool NeedsSecrets { get; init; } = true;

    public bool NeedsVerifyToken { get; init; }

    public bool NeedsPublicKey { get; init; }

    public bool NeedsPublicUrl { get; init; }

    /// <summary>Builds the verifier; settings problems go to the list (the catalogue has already checked the needs).</summary>
    public required Func<ProviderSettings, ICollection<SettingProblem>, ProviderVerifier> Create { get; init; }

    /// <summary>
    /// For providers that sign with a private key (Discord, SendGrid): builds a signer from the private key given as
    /// the `sign` verb's secret, or returns null with the key's problems listed (a mistyped key is an operator's
    /// error to report, not an exception). Shared-secret providers leave it null: their verifier signs.
    /// </summary>
    public Func<string, ProviderSettings, ICollection<SettingProblem>, IWebhookSigner?>? CreateSigner { get; init; }

    /// <summary>The provider's own delivery id, unless the policy names an `Idempotency.KeyHeader`.</summary>
    public DeliveryIdSource DefaultDeliveryId { get; init; } = DeliveryIdSource.None;

    public DeliveryIdSource DeliveryIdFor(ProviderSettings settings) =>
        string.IsNullOrEmpty(settings.KeyHeader) ? DefaultDeliveryId : DeliveryIdSource.Header(settings.KeyHeader);
}
