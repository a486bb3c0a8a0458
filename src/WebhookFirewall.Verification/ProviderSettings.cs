namespace WebhookFirewall.Verification;

/// <summary>
/// A policy's provider settings, as read from config (properties named as the config keys). A setting is "set" when
/// it is non-null (a non-empty list): a provider refuses every set setting it does not use.
/// </summary>
public sealed record ProviderSettings
{
    public IReadOnlyList<string> Secrets { get; init; } = [];

    public string? VerifyToken { get; init; }

    public string? PublicKey { get; init; }

    public string? PublicUrl { get; init; }

    public string? Header { get; init; }

    /// <summary>A query parameter carrying a shared token (azure-event-grid): for senders that can only put it in the URL.</summary>
    public string? QueryParameter { get; init; }

    public string? Algorithm { get; init; }

    public string? Encoding { get; init; }

    public string? Prefix { get; init; }

    public string? TimestampHeader { get; init; }

    public string? SignedContent { get; init; }

    /// <summary>The topics an AWS SNS policy accepts.</summary>
    public IReadOnlyList<string> TopicArns { get; init; } = [];

    /// <summary>Certificates pinned by URL (aws-sns, paypal): never fetched.</summary>
    public IReadOnlyList<PinnedCertificate> SigningCertificates { get; init; } = [];

    public string? WebhookId { get; init; }

    /// <summary>`production` or `sandbox`: which of the provider's hosts apply (paypal, plaid, ebay).</summary>
    public string? Environment { get; init; }

    public string? Audience { get; init; }

    public string? ServiceAccountEmail { get; init; }

    public string? ClientId { get; init; }

    public string? ClientState { get; init; }

    /// <summary>Secrets selected by a key id the request names (pusher, worldline, braintree).</summary>
    public IReadOnlyList<KeyedSecret> KeyedSecrets { get; init; } = [];

    public string? Username { get; init; }

    public string? Scheme { get; init; }

    /// <summary>Overrides the provider's key URL; accepted only for a loopback host (tests, a local mirror).</summary>
    public string? KeyEndpoint { get; init; }

    /// <summary>`Idempotency.KeyHeader`: a header to use as the delivery id, overriding the provider's own source.</summary>
    public string? KeyHeader { get; init; }

    public TimeSpan ReplayWindow { get; init; } = DefaultReplayWindow;

    /// <summary>Five minutes, both ways, unless a policy or its provider says otherwise.</summary>
    public static TimeSpan DefaultReplayWindow => Primitives.ReplayWindow.Default;
}
