namespace WebhookFirewall.Verification.Schemes;

/// <summary>
/// A provider as a declaration: only what differs between providers. The catalogue checks the settings against
/// <see cref="Requires"/> and <see cref="Accepts"/> and builds the one <see cref="ProviderVerifier"/> for all.
/// </summary>
internal sealed class ProviderDefinition
{
    public required string Name { get; init; }

    /// <summary>One line for `validate` and the README's provider table: what exactly is verified.</summary>
    public required string Summary { get; init; }

    public ProviderSetting Requires { get; init; } = ProviderSetting.Secrets;

    /// <summary>Settings a policy may add to <see cref="Requires"/>; any other provider setting is refused.</summary>
    public ProviderSetting Accepts { get; init; }

    /// <summary>Builds the signature check; setting problems go to the list (requirements were checked already).</summary>
    public Func<ProviderSettings, ICollection<SettingProblem>, ISignatureCheck>? Check { get; init; }

    /// <summary>
    /// Instead of <see cref="Check"/>, for providers whose keys are fetched (AWS SNS, PayPal, Google Pub/Sub, Plaid,
    /// eBay): the check, given the environment whose key cache and fetcher it uses.
    /// </summary>
    public Func<ProviderSettings, ProviderEnvironment, ICollection<SettingProblem>, ISignatureCheck>? FetchingCheck { get; init; }

    /// <summary>The provider's own delivery id, unless the policy names `Idempotency.KeyHeader`.</summary>
    public DeliveryIdSource DeliveryId { get; init; } = DeliveryIdSource.None;

    /// <summary>A handshake proved by its own token (or revealing nothing), tried before the signature.</summary>
    public Func<ProviderSettings, IHandshake>? UnsignedHandshake { get; init; }

    /// <summary>A handshake answered only once the signature verified.</summary>
    public Func<ProviderSettings, IHandshake>? SignedHandshake { get; init; }

    /// <summary>The provider's unsigned event-type header (part of the content key; shown in the ledger).</summary>
    public string? EventTypeHeader { get; init; }

    /// <summary>JSON body fields that carry credentials (redacted from captured payloads).</summary>
    public IReadOnlyList<string> CredentialFields { get; init; } = [];

    /// <summary>The provider reads the backend's own answer, so a delivery cannot be acknowledged for it later.</summary>
    public bool ReplyCarriesBackendAnswer { get; init; }

    /// <summary>How long the provider re-sends one signed message, where that exceeds the default replay window.</summary>
    public TimeSpan? RetryHorizon { get; init; }

    /// <summary>The provider's own default replay window, where its messages legitimately arrive later.</summary>
    public TimeSpan? DefaultReplayWindow { get; init; }

    /// <summary>
    /// For providers that sign with a private key (Discord, SendGrid ...): a signer from the private key given as the
    /// `sign` verb's secret, or null with the key's problems listed. Shared-secret providers leave it null: their
    /// check signs.
    /// </summary>
    public Func<string, ProviderSettings, ICollection<SettingProblem>, IWebhookSigner?>? CreatePrivateKeySigner { get; init; }

    public ProviderInfo Info => field ??= new ProviderInfo(
        Name,
        Summary,
        Requires,
        Accepts,
        DeliveryId.Description,
        EventTypeHeader,
        CredentialFields,
        ReplyCarriesBackendAnswer,
        CreatePrivateKeySigner is not null,
        RetryHorizon,
        DefaultReplayWindow ?? Primitives.ReplayWindow.Default);

    /// <summary>The check for these settings, with the environment's keys for a provider whose keys are fetched.</summary>
    public ISignatureCheck CreateCheck(ProviderSettings settings, ProviderEnvironment environment, ICollection<SettingProblem> problems) =>
        FetchingCheck is { } fetching ? fetching(settings, environment, problems)
        : Check is { } check ? check(settings, problems)
        : throw new InvalidOperationException($"provider '{Name}' declares no check");

    /// <summary>The id source for these settings: `Idempotency.KeyHeader` replaces the provider's own.</summary>
    public DeliveryIdSource DeliveryIdFor(ProviderSettings settings) =>
        string.IsNullOrEmpty(settings.KeyHeader) ? DeliveryId : DeliveryIdSource.Header(settings.KeyHeader);
}
