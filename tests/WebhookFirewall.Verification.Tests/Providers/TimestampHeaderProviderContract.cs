using System.Globalization;
using WebhookFirewall.Verification;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>
/// Providers that send the signed timestamp in a header of its own (Webflow, Frame.io, Front, Orb): each says how the
/// timestamp is written and how the signature over it and the body is made.
/// </summary>
public abstract class TimestampHeaderProviderContract : TimestampSigningProviderContract
{
    protected abstract string TimestampHeader { get; }

    /// <summary>The signature header's value for the timestamp as written and the body.</summary>
    protected abstract string SignatureValue(string secret, string timestamp, byte[] body);

    /// <summary>Unix seconds unless the provider writes its timestamp otherwise.</summary>
    protected virtual string Timestamp(DateTimeOffset at) => at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    protected override Request Signed(string secret, byte[] body, DateTimeOffset signedAt)
    {
        var timestamp = Timestamp(signedAt);
        return Request.Post(body)
            .Header(TimestampHeader, timestamp)
            .Header(SignatureHeader, SignatureValue(secret, timestamp, body));
    }

    protected override Request WithoutTimestamp(Request valid) => valid.WithoutHeader(TimestampHeader);

    /// <summary>A numeric timestamp moved a little, or a changed body.</summary>
    protected override void Mutate(Request request, Random random) => ListSign.OneOf(
        random,
        () => Oracles.ShiftNumber(request, TimestampHeader, random),
        () => base.Mutate(request, random));

    [Fact]
    public void Timestamp_changed_after_signing_is_invalid_signature()
    {
        var request = Valid().ReplaceHeader(TimestampHeader, Timestamp(Now.AddSeconds(1)));
        Expect.Failed(FailureCode.InvalidSignature, request.VerifyWith(Verifier(Secret)));
    }

    [Fact]
    public void Repeated_timestamp_header_is_malformed()
    {
        var request = Valid().Header(TimestampHeader, Timestamp(Now));
        Expect.Failed(FailureCode.MalformedSignature, request.VerifyWith(Verifier(Secret)));
    }
}
