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
}
