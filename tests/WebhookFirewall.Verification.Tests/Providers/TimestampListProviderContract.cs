using System.Globalization;
using WebhookFirewall.Verification;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>
/// Providers whose one signature header carries the timestamp next to the signature(s) (`t=..,v1=..` and its kin:
/// TikTok, Mux, Persona, Sanity, WorkOS, Recurly, Buildkite): each says how it lays the header out and encodes the
/// MAC of `{timestamp}.{body}`; signing, the timestamp's removal and its shifting are the same for all.
/// </summary>
public abstract class TimestampListProviderContract : TimestampSigningProviderContract
{
    /// <summary>The header value for one timestamp and one encoded signature, in the provider's layout.</summary>
    protected abstract string Layout(string timestamp, string signature);

    /// <summary>A pattern whose first group is the timestamp in the header value.</summary>
    protected virtual string TimestampPattern => "t=([0-9]+)";

    protected virtual bool Milliseconds => false;

    /// <summary>The MAC of `{timestamp}.{body}` as the provider encodes it: hex HMAC-SHA256 unless it says otherwise.</summary>
    protected virtual string Signature(string secret, string timestamp, byte[] body) => ListSign.Hex(secret, timestamp + ".", body);

    /// <summary>The request before it is signed (headers the provider always sends besides the signature).</summary>
    protected virtual Request Post(byte[] body) => Request.Post(body);

    protected string Timestamp(DateTimeOffset at) =>
        (Milliseconds ? at.ToUnixTimeMilliseconds() : at.ToUnixTimeSeconds()).ToString(CultureInfo.InvariantCulture);

    /// <summary>What every such layout must refuse; providers add their own traps.</summary>
    protected override IEnumerable<string> MalformedSignatures
    {
        get
        {
            var t = Timestamp(Now);
            var wrong = Signature(WrongSecret, t, DefaultBody);
            return
            [
                Layout(t, string.Empty),
                Layout(string.Empty, wrong),
                Layout("soon", wrong),
                Layout(t, wrong) + "," + Layout(t, wrong),   // two timestamps
                wrong,
                "garbage",
                string.Empty,
            ];
        }
    }

    protected override Request Signed(string secret, byte[] body, DateTimeOffset signedAt)
    {
        var timestamp = Timestamp(signedAt);
        return Post(body).Header(SignatureHeader, Layout(timestamp, Signature(secret, timestamp, body)));
    }

    /// <summary>The value after its first entry, which every layout here gives to the timestamp.</summary>
    protected override Request WithoutTimestamp(Request valid)
    {
        var value = valid.Headers.Get(SignatureHeader).Value!;
        return valid.ReplaceHeader(SignatureHeader, value[(value.IndexOf(',', StringComparison.Ordinal) + 1)..]);
    }

    /// <summary>The signed timestamp moved a little, or a changed body.</summary>
    protected override void Mutate(Request request, Random random) => ListSign.OneOf(
        random,
        () => ListSign.ShiftTimestamp(request, SignatureHeader, TimestampPattern, random),
        () => base.Mutate(request, random));

    [Fact]
    public void Timestamp_changed_after_signing_is_invalid_signature()
    {
        var signedAt = Timestamp(Now);
        var header = Layout(Timestamp(Now.AddSeconds(1)), Signature(Secret, signedAt, DefaultBody));
        Expect.Failed(FailureCode.InvalidSignature, Valid().ReplaceHeader(SignatureHeader, header).VerifyWith(Verifier(Secret)));
    }
}
