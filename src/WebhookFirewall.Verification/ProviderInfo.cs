namespace WebhookFirewall.Verification;

/// <summary>What the host needs to know of a provider, whatever its settings: names, settings, traits.</summary>
public sealed class ProviderInfo
{
    internal ProviderInfo(
        string name,
        string summary,
        ProviderSetting requires,
        ProviderSetting accepts,
        string deliveryId,
        string? eventTypeHeader,
        IReadOnlyList<string> credentialFields,
        bool replyCarriesBackendAnswer,
        bool signsWithPrivateKey,
        TimeSpan? retryHorizon,
        TimeSpan defaultReplayWindow)
    {
        Name = name;
        Summary = summary;
        Requires = requires;
        Accepts = accepts | requires;
        DeliveryId = deliveryId;
        EventTypeHeader = eventTypeHeader;
        CredentialFields = credentialFields;
        ReplyCarriesBackendAnswer = replyCarriesBackendAnswer;
        SignsWithPrivateKey = signsWithPrivateKey;
        RetryHorizon = retryHorizon;
        DefaultReplayWindow = defaultReplayWindow;
    }

    /// <summary>The contract name (lowercase), e.g. "github".</summary>
    public string Name { get; }

    /// <summary>One line: what exactly is verified.</summary>
    public string Summary { get; }

    /// <summary>Settings a policy of this provider must set.</summary>
    public ProviderSetting Requires { get; }

    /// <summary>Settings it may set (the required ones included); any other provider setting is refused.</summary>
    public ProviderSetting Accepts { get; }

    /// <summary>Where the provider's delivery id is, in words (unless a policy names `Idempotency:KeyHeader`).</summary>
    public string DeliveryId { get; }

    /// <summary>The provider's unsigned event-type header, when it sends one (part of the content key; logged).</summary>
    public string? EventTypeHeader { get; }

    /// <summary>JSON fields of its bodies that carry credentials: redacted from any captured payload.</summary>
    public IReadOnlyList<string> CredentialFields { get; }

    /// <summary>The provider reads the backend's answer (a reply message, TwiML ...): such a delivery cannot be spooled.</summary>
    public bool ReplyCarriesBackendAnswer { get; }

    /// <summary>The provider signs with a private key we never hold: `sign` takes the private key instead of a secret.</summary>
    public bool SignsWithPrivateKey { get; }

    /// <summary>How long the provider keeps re-sending one signed message, when that is longer than the default window.</summary>
    public TimeSpan? RetryHorizon { get; }

    /// <summary>The replay window a policy gets when it sets none (five minutes unless the provider's messages legitimately arrive later).</summary>
    public TimeSpan DefaultReplayWindow { get; }
}
