using System.Globalization;
using System.Text;
using WebhookFirewall.Verification;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>
/// Standard Webhooks and Svix: one scheme, two header prefixes. The published vector is the one the Standard Webhooks
/// reference libraries test against (standard-webhooks/standard-webhooks: libraries/go/webhook_test.go,
/// TestWebhookSign, and its "invalid signature" case for the decoy).
/// </summary>
public abstract class StandardWebhooksContract : TimestampSigningProviderContract
{
    protected const string VectorSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    protected const string VectorId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    protected const long VectorTimestamp = 1614265330;
    protected const string VectorBody = """{"test": 2432232314}""";
    protected const string VectorSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    protected const string DecoySignature = "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=";

    protected abstract string HeaderPrefix { get; }

    protected override string SignatureHeader => HeaderPrefix + "signature";

    /// <summary>Secrets are `whsec_` + base64 of the key bytes; here the key is the test secret's UTF-8.</summary>
    protected override string ConfiguredSecret(string secret) => "whsec_" + Convert.ToBase64String(Encoding.UTF8.GetBytes(secret));

    protected override IEnumerable<string> MalformedSignatures =>
    [
        "v1," + new string('a', 64),                                   // hex where base64 is expected
        "v1,!!!!",
        "v1,",
        "v2," + Convert.ToBase64String(new byte[32]),                 // no v1 entry at all
        "v1a," + Convert.ToBase64String(new byte[64]),                // asymmetric only: not ours to verify
        "v1," + Convert.ToBase64String(new byte[31]),
        "v1," + Convert.ToBase64String(new byte[33]),
        Convert.ToBase64String(new byte[32]),
        "",
        string.Join(' ', Enumerable.Repeat("v1," + Convert.ToBase64String(new byte[32]), 17)), // longer than any rotation
    ];

    protected override Request Signed(string secret, byte[] body, DateTimeOffset signedAt)
    {
        var timestamp = signedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return Request.Post(body)
            .Header(HeaderPrefix + "id", VectorId)
            .Header(HeaderPrefix + "timestamp", timestamp)
            .Header(HeaderPrefix + "signature", Sign.StandardWebhooks(secret, VectorId, timestamp, body));
    }

    protected override Request WithoutTimestamp(Request valid) => valid.WithoutHeader(HeaderPrefix + "timestamp");

    /// <summary>A shifted signed timestamp, another signed id, or a changed body.</summary>
    protected override void Mutate(Request request, Random random)
    {
        switch (random.Next(3))
        {
            case 0:
                Oracles.ShiftNumber(request, HeaderPrefix + "timestamp", random);
                break;
            case 1:
                request.ReplaceHeader(HeaderPrefix + "id", "msg_" + random.Next(2, 1000));
                break;
            default:
                base.Mutate(request, random);
                break;
        }
    }

    protected Request Vector(string signature) =>
        Request.Post(VectorBody)
            .Header(HeaderPrefix + "id", VectorId)
            .Header(HeaderPrefix + "timestamp", VectorTimestamp.ToString(CultureInfo.InvariantCulture))
            .Header(HeaderPrefix + "signature", signature)
            .At(DateTimeOffset.FromUnixTimeSeconds(VectorTimestamp));

    [Fact]
    public void Reference_library_vector_verifies_and_its_decoy_does_not()
    {
        var verifier = Verifiers.Create(Provider, VectorSecret);
        var result = Expect.Verified(Vector(VectorSignature).VerifyWith(verifier));
        Assert.Equal(VectorId, result.DeliveryId);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(VectorTimestamp), result.Timestamp);
        Expect.Failed(FailureCode.InvalidSignature, Vector(DecoySignature).VerifyWith(verifier));
    }

    // libraries/go/webhook_test.go, TestWebhookPrefix: the secret is accepted with or without `whsec_`.
    [Fact]
    public void Secret_without_the_whsec_prefix_is_the_same_key()
    {
        Expect.Verified(Vector(VectorSignature).VerifyWith(Verifiers.Create(Provider, VectorSecret["whsec_".Length..])));
    }

    // libraries/go/webhook_test.go, "valid multi sig is valid": decoys and other versions around the valid entry.
    [Fact]
    public void Space_separated_list_verifies_when_any_v1_entry_matches()
    {
        var list = string.Join(' ', DecoySignature, "v2,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=", VectorSignature, DecoySignature);
        Expect.Verified(Vector(list).VerifyWith(Verifiers.Create(Provider, VectorSecret)));
    }

    /// <summary>Senders differ only in the header prefix: the other prefix's headers carry nothing this provider reads.</summary>
    [Fact]
    public void The_vector_under_the_other_header_prefix_is_missing_signature()
    {
        var other = HeaderPrefix == "svix-" ? "webhook-" : "svix-";
        var request = Request.Post(VectorBody)
            .Header(other + "id", VectorId)
            .Header(other + "timestamp", VectorTimestamp.ToString(CultureInfo.InvariantCulture))
            .Header(other + "signature", VectorSignature)
            .At(DateTimeOffset.FromUnixTimeSeconds(VectorTimestamp));
        Expect.Failed(FailureCode.MissingSignature, request.VerifyWith(Verifiers.Create(Provider, VectorSecret)));
    }

    [Fact]
    public void Undecodable_entry_next_to_a_valid_one_does_not_spoil_the_list()
    {
        Expect.Verified(Vector("v1,%%% " + VectorSignature).VerifyWith(Verifiers.Create(Provider, VectorSecret)));
    }

    [Fact]
    public void Changed_message_id_is_invalid_signature()
    {
        var request = Vector(VectorSignature).ReplaceHeader(HeaderPrefix + "id", "msg_other");
        Expect.Failed(FailureCode.InvalidSignature, request.VerifyWith(Verifiers.Create(Provider, VectorSecret)));
    }

    [Fact]
    public void Missing_or_repeated_message_id_is_malformed()
    {
        var verifier = Verifiers.Create(Provider, VectorSecret);
        Expect.Failed(FailureCode.MalformedSignature, Vector(VectorSignature).WithoutHeader(HeaderPrefix + "id").VerifyWith(verifier));
        Expect.Failed(FailureCode.MalformedSignature, Vector(VectorSignature).Header(HeaderPrefix + "id", VectorId).VerifyWith(verifier));
        Expect.Failed(FailureCode.MalformedSignature, Vector(VectorSignature).ReplaceHeader(HeaderPrefix + "id", "").VerifyWith(verifier));
    }

    // Standard Webhooks timestamps are seconds; milliseconds read as seconds land past year 9999, which no
    // DateTimeOffset holds: that is a format error, not a time outside the window.
    [Fact]
    public void Timestamp_in_milliseconds_is_malformed()
    {
        var millis = (VectorTimestamp * 1000).ToString(CultureInfo.InvariantCulture);
        var request = Vector(Sign.StandardWebhooks(VectorSecret, VectorId, millis, Encoding.UTF8.GetBytes(VectorBody)))
            .ReplaceHeader(HeaderPrefix + "timestamp", millis);
        Expect.Failed(FailureCode.MalformedSignature, request.VerifyWith(Verifiers.Create(Provider, VectorSecret)));
    }
}

public sealed class StandardWebhooksTests : StandardWebhooksContract
{
    protected override string Provider => "standard-webhooks";

    protected override string HeaderPrefix => "webhook-";
}

public sealed class SvixTests : StandardWebhooksContract
{
    protected override string Provider => "svix";

    protected override string HeaderPrefix => "svix-";
}
