using System.Globalization;
using WebhookFirewall.Verification;
using WebhookFirewall.Verification.Providers;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>
/// Providers that sign `{timestamp}{body}` with a private key (Discord, SendGrid). Here a test "secret" is a private
/// key: the policy holds only its public key (`PublicKey`, no `Secrets`), and the `sign` verb takes the private key.
/// </summary>
public abstract class PublicKeyProviderContract : TimestampSigningProviderContract
{
    protected abstract string TimestampHeader { get; }

    /// <summary>The `PublicKey` setting for a private key in this provider's format.</summary>
    protected abstract string PublicKeyFor(string privateKey);

    /// <summary>Values of `PublicKey` that must be refused at config time.</summary>
    protected abstract IEnumerable<string> InvalidPublicKeys { get; }

    /// <summary>The signature header's value for <paramref name="privateKey"/>, made independently of the library.</summary>
    protected abstract string SignatureFor(string privateKey, string timestamp, byte[] body);

    protected override ProviderSettings Settings(params string[] secrets) => new() { PublicKey = PublicKeyFor(secrets[0]) };

    protected override Request Signed(string secret, byte[] body, DateTimeOffset signedAt)
    {
        var timestamp = signedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return Request.Post(body).Header(SignatureHeader, SignatureFor(secret, timestamp, body)).Header(TimestampHeader, timestamp);
    }

    protected override Request WithoutTimestamp(Request valid) => valid.WithoutHeader(TimestampHeader);

    /// <summary>A shifted signed timestamp, or a changed body.</summary>
    protected override void Mutate(Request request, Random random)
    {
        if (random.Next(2) == 0)
        {
            Oracles.ShiftNumber(request, TimestampHeader, random);
        }
        else
        {
            base.Mutate(request, random);
        }
    }

    /// <summary>One `PublicKey` per policy: a request signed with any other key is refused, the previous one included.</summary>
    [Fact]
    public override void Rotated_previous_secret_matches_as_secret_index_1()
    {
        var request = Signed(ConfiguredSecret(PreviousSecret), DefaultBody, Now);
        Expect.Failed(FailureCode.InvalidSignature, request.VerifyWith(Verifier(Secret, PreviousSecret)));
    }

    [Fact]
    public void Needs_a_public_key_and_no_secret()
    {
        Assert.Contains(Verifiers.Problems(Provider, new ProviderSettings { Secrets = ["a shared secret"] }), p => p.Key == "PublicKey");
        Verifiers.Create(Provider, Settings(ConfiguredSecret(Secret)) with { Secrets = [] });
    }

    [Fact]
    public void Public_key_not_in_the_provider_format_is_refused_at_config_time()
    {
        foreach (var key in InvalidPublicKeys)
        {
            var problems = Verifiers.Problems(Provider, new ProviderSettings { PublicKey = key });
            Assert.True(problems.Exists(p => p.Key == "PublicKey"), $"'{key}' was not refused");
        }
    }

    [Fact]
    public void Timestamp_changed_after_signing_is_invalid_signature()
    {
        var request = Valid().ReplaceHeader(TimestampHeader, (Now.ToUnixTimeSeconds() - 1).ToString(CultureInfo.InvariantCulture));
        Expect.Failed(FailureCode.InvalidSignature, request.VerifyWith(Verifier(Secret)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("-1700000000")]
    [InlineData("1700000000.5")]
    [InlineData("2023-11-14T22:13:20Z")]
    public void Timestamp_that_is_not_unix_seconds_is_malformed(string timestamp)
    {
        Expect.Failed(FailureCode.MalformedSignature, Valid().ReplaceHeader(TimestampHeader, timestamp).VerifyWith(Verifier(Secret)));
    }

    [Fact]
    public void Repeated_timestamp_header_is_malformed()
    {
        var request = Valid();
        request.Header(TimestampHeader, request.Headers.Get(TimestampHeader).Value!);
        Expect.Failed(FailureCode.MalformedSignature, request.VerifyWith(Verifier(Secret)));
    }

    [Fact]
    public void Sign_verb_signs_with_the_private_key_as_the_firewall_verifies()
    {
        var problems = new List<SettingProblem>();
        var signer = ProviderCatalogue.CreateSigner(Provider, ConfiguredSecret(Secret), new ProviderSettings(), problems);
        Assert.Empty(problems);

        var signedAt = Now - TimeSpan.FromSeconds(7);
        var headers = new List<KeyValuePair<string, string>>();
        signer!.Sign(new SigningInput(DefaultBody, signedAt, "unused"), headers);
        var request = Request.Post(DefaultBody);
        foreach (var (name, value) in headers)
        {
            request.Header(name, value);
        }

        Assert.Equal(signedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), request.Headers.Get(TimestampHeader).Value);
        Expect.Verified(request.VerifyWith(Verifier(Secret)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a key")]
    [InlineData("00")]
    public void Sign_verb_refuses_a_private_key_not_in_the_provider_format(string privateKey)
    {
        var problems = new List<SettingProblem>();
        Assert.Null(ProviderCatalogue.CreateSigner(Provider, privateKey, new ProviderSettings(), problems));
        Assert.Contains(problems, p => p.Key == "Secret");
    }
}
