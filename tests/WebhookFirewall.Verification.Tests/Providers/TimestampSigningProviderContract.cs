using WebhookFirewall.Verification;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>
/// Providers that sign a timestamp: it is held to the replay window both ways, but only after the signature, so a bad
/// signature stays `invalid_signature` whatever its timestamp; a missing timestamp is `malformed_signature`.
/// </summary>
public abstract class TimestampSigningProviderContract : BodySigningProviderContract
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    /// <summary>The valid request with its timestamp taken away (a header, or the `t=` of a combined header).</summary>
    protected abstract Request WithoutTimestamp(Request valid);

    [Fact]
    public void Timestamp_at_the_edge_of_the_window_verifies()
    {
        var verifier = Verifier(Secret);
        Expect.Verified(Signed(ConfiguredSecret(Secret), DefaultBody, Now - Window).VerifyWith(verifier));
        Expect.Verified(Signed(ConfiguredSecret(Secret), DefaultBody, Now + Window).VerifyWith(verifier));
    }

    [Fact]
    public void Timestamp_older_than_the_window_is_out_of_window()
    {
        var request = Signed(ConfiguredSecret(Secret), DefaultBody, Now - Window - TimeSpan.FromSeconds(1));
        Expect.Failed(FailureCode.TimestampOutOfWindow, request.VerifyWith(Verifier(Secret)));
    }

    [Fact]
    public void Timestamp_further_in_the_future_than_the_window_is_out_of_window()
    {
        var request = Signed(ConfiguredSecret(Secret), DefaultBody, Now + Window + TimeSpan.FromSeconds(1));
        Expect.Failed(FailureCode.TimestampOutOfWindow, request.VerifyWith(Verifier(Secret)));
    }

    [Fact]
    public void Bad_signature_with_an_old_timestamp_is_invalid_signature_not_out_of_window()
    {
        var request = Signed(ConfiguredSecret(WrongSecret), DefaultBody, Now - TimeSpan.FromDays(1));
        Expect.Failed(FailureCode.InvalidSignature, request.VerifyWith(Verifier(Secret)));
    }

    [Fact]
    public void Configured_replay_window_is_used_instead_of_the_default()
    {
        var settings = Settings(ConfiguredSecret(Secret)) with { ReplayWindow = TimeSpan.FromSeconds(30) };
        var verifier = Verifiers.Create(Provider, settings);
        Expect.Verified(Signed(ConfiguredSecret(Secret), DefaultBody, Now - TimeSpan.FromSeconds(30)).VerifyWith(verifier));
        Expect.Failed(FailureCode.TimestampOutOfWindow, Signed(ConfiguredSecret(Secret), DefaultBody, Now - TimeSpan.FromSeconds(31)).VerifyWith(verifier));
    }

    [Fact]
    public void Verified_result_carries_the_signed_timestamp()
    {
        var signedAt = Now - TimeSpan.FromSeconds(42);
        var result = Expect.Verified(Signed(ConfiguredSecret(Secret), DefaultBody, signedAt).VerifyWith(Verifier(Secret)));
        Assert.Equal(signedAt, result.Timestamp);
    }

    [Fact]
    public void Missing_timestamp_is_malformed()
    {
        Expect.Failed(FailureCode.MalformedSignature, WithoutTimestamp(Valid()).VerifyWith(Verifier(Secret)));
    }
}
