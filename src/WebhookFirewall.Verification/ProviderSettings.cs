using WebhookFirewall.Verification.Primitives;

namespace WebhookFirewall.Verification;

/// <summary>A policy's provider settings, as read from config (keys named as in the config contract).</summary>
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

    /// <summary>`Idempotency.KeyHeader`: a header to use as the delivery id, overriding the provider's own source.</summary>
    public string? KeyHeader { get; init; }

    public TimeSpan ReplayWindow { get; init; } = Primitives.ReplayWindow.Default;
}
