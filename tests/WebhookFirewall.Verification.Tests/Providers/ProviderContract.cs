using System.Text;
using WebhookFirewall.Verification;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>
/// What every provider must do, whatever its scheme: accept its own signature (or token) with the first or a rotated
/// second secret, and refuse a wrong secret, a missing header, a repeated header and malformed values with the codes
/// the contract fixes. Each provider's test class supplies how to sign and what "malformed" means for it.
/// </summary>
public abstract class ProviderContract : IProviderOracle
{
    protected const string Secret = "It's the current secret";
    protected const string PreviousSecret = "It's the previous secret";
    protected const string WrongSecret = "It's not our secret";

    protected static readonly DateTimeOffset Now = Request.DefaultNow;

    protected static readonly byte[] DefaultBody = Encoding.UTF8.GetBytes("""{"id":"evt_1","event_id":"Ev1","update_id":1,"action":"opened"}""");

    protected abstract string Provider { get; }

    /// <summary>The header whose absence is `missing_signature` and whose repetition is `malformed_signature`.</summary>
    protected abstract string SignatureHeader { get; }

    /// <summary>Settings for the given secrets (providers with extra keys add them here).</summary>
    protected virtual ProviderSettings Settings(params string[] secrets) => new() { Secrets = secrets };

    /// <summary>Secrets as this provider's config holds them (Standard Webhooks wants `whsec_` base64).</summary>
    protected virtual string ConfiguredSecret(string secret) => secret;

    /// <summary>A request the provider would send, signed with <paramref name="secret"/> at <paramref name="signedAt"/>.</summary>
    protected abstract Request Signed(string secret, byte[] body, DateTimeOffset signedAt);

    /// <summary>Values of <see cref="SignatureHeader"/> that are not in the provider's format at all.</summary>
    protected abstract IEnumerable<string> MalformedSignatures { get; }

    string IProviderOracle.Provider => Provider;

    ProviderSettings IProviderOracle.SettingsFor(string secret) => Settings(ConfiguredSecret(secret));

    Request IProviderOracle.Sign(string secret, byte[] body, DateTimeOffset signedAt) => Signed(ConfiguredSecret(secret), body, signedAt);

    Request IProviderOracle.SignHandshake(string secret, byte[] body, DateTimeOffset signedAt) => SignedHandshake(ConfiguredSecret(secret), body, signedAt);

    void IProviderOracle.Mutate(Request request, Random random) => Mutate(request, random);

    bool IProviderOracle.IsUnsignedEcho(Request request, VerificationResult result) => IsUnsignedEcho(request, result);

    IEnumerable<Request> IProviderOracle.HandshakesCarrying(string secret, string chosen) => HandshakesCarrying(ConfiguredSecret(secret), chosen);

    /// <summary>A flipped or appended body byte by default: what every scheme covering the body must refuse.</summary>
    protected virtual void Mutate(Request request, Random random) => Oracles.FlipBodyByte(request, random);

    /// <summary>See <see cref="IProviderOracle.IsUnsignedEcho"/>: only providers with an echoing unsigned handshake override it.</summary>
    protected virtual bool IsUnsignedEcho(Request request, VerificationResult result) => false;

    /// <summary>See <see cref="IProviderOracle.HandshakesCarrying"/>: only providers that answer a handshake override it.</summary>
    protected virtual IEnumerable<Request> HandshakesCarrying(string secret, string chosen) => [];

    /// <summary>The provider's signed handshake, for providers that mark it with a header (Twitch, Event Grid).</summary>
    protected virtual Request SignedHandshake(string secret, byte[] body, DateTimeOffset signedAt) => Signed(secret, body, signedAt);

    protected IWebhookVerifier Verifier(params string[] secrets) =>
        Verifiers.Create(Provider, Settings([.. secrets.Select(ConfiguredSecret)]));

    protected Request Valid() => Signed(ConfiguredSecret(Secret), DefaultBody, Now);

    [Fact]
    public void Signed_request_verifies_with_the_first_secret()
    {
        var result = Expect.Verified(Valid().VerifyWith(Verifier(Secret)), secretIndex: 0);
        Assert.Null(result.Handshake);
    }

    [Fact]
    public void Request_signed_with_another_secret_is_invalid_signature()
    {
        var request = Signed(ConfiguredSecret(WrongSecret), DefaultBody, Now);
        Expect.Failed(FailureCode.InvalidSignature, request.VerifyWith(Verifier(Secret)));
    }

    /// <summary>Virtual for the providers configured with one public key, which have no second key to rotate to.</summary>
    [Fact]
    public virtual void Rotated_previous_secret_matches_as_secret_index_1()
    {
        var request = Signed(ConfiguredSecret(PreviousSecret), DefaultBody, Now);
        Expect.Verified(request.VerifyWith(Verifier(Secret, PreviousSecret)), secretIndex: 1);
    }

    [Fact]
    public void Missing_signature_header_is_missing_signature()
    {
        var request = Valid().WithoutHeader(SignatureHeader);
        Expect.Failed(FailureCode.MissingSignature, request.VerifyWith(Verifier(Secret)));
    }

    [Fact]
    public void Several_values_of_the_signature_header_are_malformed_even_if_one_is_valid()
    {
        var request = Valid();
        var valid = request.Headers.Get(SignatureHeader).Value!;
        request.Header(SignatureHeader, valid);
        Expect.Failed(FailureCode.MalformedSignature, request.VerifyWith(Verifier(Secret)));
    }

    [Fact]
    public void Values_not_in_the_provider_format_are_malformed()
    {
        var verifier = Verifier(Secret);
        foreach (var value in MalformedSignatures)
        {
            var result = Valid().ReplaceHeader(SignatureHeader, value).VerifyWith(verifier);
            Assert.True(
                result.Outcome == VerificationOutcome.Failed && result.Failure == FailureCode.MalformedSignature,
                $"'{value}': expected malformed_signature, got {result}");
        }
    }
}
