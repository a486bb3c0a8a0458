using WebhookFirewall.Verification.Primitives;

namespace WebhookFirewall.Verification.Tests.Support;

/// <summary>
/// The environment every test verifier is built with (<see cref="Verifiers"/>): its fetches go to <see cref="Keys"/>,
/// an in-memory stand-in for the providers' key endpoints on loopback `KeyEndpoint`s, never to the network. Budgets
/// are wide, since the suites name many keys; the fetch tests build environments of their own for the limits.
/// </summary>
public static class TestEnvironment
{
    public static KeyServer Keys { get; } = new();

    internal static ProviderEnvironment Shared { get; } = new(Keys, TimeProvider.System, KeyFetchLimits.Default with { NewUrlsPerMinute = 100_000, Capacity = 100_000 }, offline: false);

    /// <summary>
    /// Fills the shared cache for <paramref name="settings"/> by verifying <paramref name="signed"/> asynchronously
    /// once, so that the synchronous path the contract and property suites take finds the key held, as a host's
    /// would after its first delivery.
    /// </summary>
    public static ProviderSettings Warm(string provider, ProviderSettings settings, Request signed)
    {
        var verifier = Verifiers.Create(provider, settings);
        verifier.VerifyAsync(signed.Build(), CancellationToken.None).AsTask().GetAwaiter().GetResult();
        return settings;
    }

    /// <summary>A loopback `KeyEndpoint` of its own for each test key (never connected to: <see cref="Keys"/> answers).</summary>
    public static string Endpoint(string provider, string name, string path = "") =>
        $"http://127.0.0.1:9/{provider}/{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name)).AsSpan(0, 8))}{path}";
}
