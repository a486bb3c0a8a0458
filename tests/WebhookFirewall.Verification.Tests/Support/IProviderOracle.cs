using WebhookFirewall.Verification;

namespace WebhookFirewall.Verification.Tests.Support;

/// <summary>
/// How to make a provider's requests, independently of the library: every provider's test class is one, and the
/// property suites (<see cref="Oracles"/>) run over all of them, so a new provider is covered by adding its test class.
/// </summary>
public interface IProviderOracle
{
    string Provider { get; }

    /// <summary>Policy settings under which <see cref="Sign"/>ed requests with <paramref name="secret"/> verify.</summary>
    ProviderSettings SettingsFor(string secret);

    /// <summary>A request the provider would send, signed with <paramref name="secret"/> (or the key pair it names).</summary>
    Request Sign(string secret, byte[] body, DateTimeOffset signedAt);

    /// <summary>As <see cref="Sign"/>, marked as the provider's signed handshake where one is marked by a header.</summary>
    Request SignHandshake(string secret, byte[] body, DateTimeOffset signedAt) => Sign(secret, body, signedAt);

    /// <summary>One change an attacker without the secret could make to a signed request; it must then be refused.</summary>
    void Mutate(Request request, Random random);

    /// <summary>
    /// For the providers whose unsigned handshake is answered by design (an echo of what the caller sent): asserts
    /// that <paramref name="result"/> is exactly such an echo and returns true; false for any other challenge.
    /// </summary>
    bool IsUnsignedEcho(Request request, VerificationResult result) => false;

    /// <summary>
    /// Every handshake the provider answers, built as it is sent — signed with <paramref name="secret"/> where the
    /// provider signs it, as anyone could send it where it is unsigned — with <paramref name="chosen"/> in every place
    /// its sender chooses (a query parameter, a header, a body field). Empty for a provider that answers none. The
    /// handshake property (<see cref="HandshakeOracleProperties"/>) checks that no answer signs a delivery.
    /// </summary>
    IEnumerable<Request> HandshakesCarrying(string secret, string chosen) => [];
}
