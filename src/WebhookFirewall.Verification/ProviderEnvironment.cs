using WebhookFirewall.Verification.Primitives;

namespace WebhookFirewall.Verification;

/// <summary>
/// What verifiers share across config reloads: the cache of fetched key material (certificates, JWKS, keys from a
/// provider's key API) and the client that fetches it. The host keeps one for its lifetime and hands it to
/// <see cref="ProviderCatalogue.Create"/>; <see cref="Offline"/> fetches nothing (the `diagnose` verb).
/// </summary>
public sealed class ProviderEnvironment : IDisposable
{
    private static readonly Lazy<ProviderEnvironment> Shared = new(() => new ProviderEnvironment());

    /// <summary>A fetching environment for processes that keep no environment of their own.</summary>
    public ProviderEnvironment()
        : this(handler: null, TimeProvider.System, KeyFetchLimits.Default, offline: false)
    {
    }

    /// <summary>The handler is a seam for tests: production fetches through a handler that follows no redirect.</summary>
    internal ProviderEnvironment(HttpMessageHandler? handler, TimeProvider clock, KeyFetchLimits limits, bool offline)
    {
        Limits = limits;
        Keys = new KeyCache(limits, clock);
        Fetcher = offline ? null : new KeyFetcher(limits, handler);
        IsOffline = offline;
    }

    /// <summary>The process-wide environment, used when a verifier is created without one.</summary>
    public static ProviderEnvironment Default => Shared.Value;

    /// <summary>
    /// Never fetches: only pinned keys verify, and a request that would need a fetch fails as key_unavailable with
    /// a reason that starts with "offline".
    /// </summary>
    public static ProviderEnvironment Offline { get; } = new(handler: null, TimeProvider.System, KeyFetchLimits.Default, offline: true);

    public bool IsOffline { get; }

    internal KeyFetchLimits Limits { get; }

    internal KeyCache Keys { get; }

    /// <summary>Null when offline.</summary>
    internal KeyFetcher? Fetcher { get; }

    public void Dispose() => Fetcher?.Dispose();
}
