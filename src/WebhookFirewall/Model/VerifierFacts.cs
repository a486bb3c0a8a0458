using WebhookFirewall.Verification;
using WebhookFirewall.Verification.Primitives;
using WebhookFirewall.Verification.Providers;

namespace WebhookFirewall.Model;

/// <summary>
/// What the host asks of a verifier beyond <see cref="IWebhookVerifier"/>: where its delivery id comes from, and how
/// its provider signs. The library's public surface does not carry these yet, so this is the only file of the host
/// that looks at the library's provider types (<see cref="ProviderVerifier"/>, <see cref="ProviderDefinition"/>) and
/// primitives: when that surface changes, this file changes, and nothing else. (Building verifiers goes through the
/// catalogue's public entry point, <see cref="ProviderCatalogue.Create"/>, in the policy reader.)
/// </summary>
internal static class VerifierFacts
{
    /// <summary>A policy's `ReplayWindow` when it sets none: the library's default.</summary>
    public static TimeSpan DefaultReplayWindow => ReplayWindow.Default;

    /// <summary>Every provider name of the catalogue, in order.</summary>
    public static IReadOnlyList<string> ProviderNames { get; } = ProviderCatalogue.All.Select(d => d.Name).ToArray();

    public static bool IsKnownProvider(string provider) => ProviderCatalogue.TryGet(provider, out _);

    /// <summary>
    /// The delivery id of a request that failed verification, for its log line. Only ids carried in a header: parsing
    /// an unauthenticated body just to log it would hand a flood free CPU.
    /// </summary>
    public static bool TryReadDeliveryIdForLog(IWebhookVerifier verifier, in WebhookRequest request, out string? deliveryId)
    {
        deliveryId = null;
        return verifier is ProviderVerifier { DeliveryId.HeaderName: not null } provider
            && provider.DeliveryId.TryRead(request, out deliveryId)
            && deliveryId is not null;
    }

    /// <summary>Where the verifier reads the delivery id ("header X-GitHub-Delivery", "JSON body field id", "none").</summary>
    public static string DescribeDeliveryId(IWebhookVerifier verifier) =>
        verifier is ProviderVerifier provider ? provider.DeliveryId.Description : "none";

    /// <summary>
    /// A signer for <paramref name="provider"/> keyed with <paramref name="secret"/> (the `sign` verb), or null with
    /// the reasons in <paramref name="problems"/>, or null without any when the provider cannot sign.
    /// </summary>
    public static IWebhookSigner? CreateSigner(string provider, string secret, ProviderSettings settings, ICollection<SettingProblem> problems)
    {
        if (!ProviderCatalogue.TryGet(provider, out var definition))
        {
            return null;
        }

        if (definition.CreateSigner is { } createSigner)
        {
            return createSigner(secret, settings, problems);
        }

        return ProviderCatalogue.Create(definition.Name, settings, problems) is ProviderVerifier { CanSign: true } verifier ? verifier : null;
    }
}
