using System.Text;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

public sealed class PaddleTests : TimestampSigningProviderContract
{
    // PaddleHQ/paddle-php-sdk, tests/Unit/Notifications/VerifierTest.php, it_verifies_a_signature: three secrets, the
    // third signs; the header carries a decoy `h1=dummy` before the real signature.
    private const string VectorHeader = "ts=1696195954;h1=dummy;h1=d96299976a6eb066f484d7fde011ac56fc32b38fc9940bc419d6e537fdc6ef02";
    private static readonly string[] VectorSecrets =
    [
        "pdl_ntf_01hbpjmytsa32fhr36nqgc3kgb_TjIG2BXbm83HPXqNfziwe506sBEdqL/4",
        "pdl_ntf_01hbpjmytsa32fhr36nqgc3kgb_vB/yIOnTOCWIvpBadM5jzBZPHc7OmdSo",
        "pdl_ntf_01hbpjmytsa32fhr36nqgc3kgb_WvRO0eL4Bj9rgYYIBZY6wZhG4EHy9jzh",
    ];

    protected override string Provider => "paddle";

    protected override string SignatureHeader => "Paddle-Signature";

    protected override IEnumerable<string> MalformedSignatures =>
    [
        $"h1={Sign.Sha256Hex(Secret, DefaultBody)}",                                  // no timestamp
        $"ts={Now.ToUnixTimeSeconds()}",                                              // no signature
        $"ts={Now.ToUnixTimeSeconds()};h1=dummy",                                    // none that decodes
        $"ts={Now.ToUnixTimeSeconds()};ts={Now.ToUnixTimeSeconds()};h1={new string('0', 64)}", // two timestamps
        $"ts=soon;h1={new string('0', 64)}",
        $"ts={Now.ToUnixTimeMilliseconds()}000000;h1={new string('0', 64)}",          // past year 9999
        $"t={Now.ToUnixTimeSeconds()},v1={new string('0', 64)}",                      // Stripe's/Calendly's layout
        $"ts={Now.ToUnixTimeSeconds()};;h1={new string('0', 64)}",
        $"ts={Now.ToUnixTimeSeconds()};" + string.Join(';', Enumerable.Repeat("h1=" + new string('0', 64), 17)),
        "",
    ];

    protected override Request Signed(string secret, byte[] body, DateTimeOffset signedAt) =>
        Request.Post(body).Header("Paddle-Signature", PresetSign.PaddleHeader(secret, signedAt.ToUnixTimeSeconds(), body));

    protected override Request WithoutTimestamp(Request valid)
    {
        var header = valid.Headers.Get("Paddle-Signature").Value!;
        return valid.ReplaceHeader("Paddle-Signature", header[(header.IndexOf(';', StringComparison.Ordinal) + 1)..]);
    }

    /// <summary>The signed `ts=` moved by a few seconds, or a changed body.</summary>
    protected override void Mutate(Request request, Random random)
    {
        if (random.Next(2) == 0)
        {
            var delta = random.Next(1, 100) * (random.Next(2) == 0 ? 1 : -1);
            var value = System.Text.RegularExpressions.Regex.Replace(
                request.Headers.Get("Paddle-Signature").Value!,
                "^ts=([0-9]+)",
                m => "ts=" + (long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) + delta).ToString(System.Globalization.CultureInfo.InvariantCulture));
            request.ReplaceHeader("Paddle-Signature", value);
        }
        else
        {
            base.Mutate(request, random);
        }
    }

    [Fact]
    public void Paddle_sdk_vector_verifies_with_the_third_secret_past_the_dummy_signature()
    {
        var request = Request.Post("hello-world")
            .Header("Paddle-Signature", VectorHeader)
            .At(DateTimeOffset.FromUnixTimeSeconds(1696195954));
        var result = Expect.Verified(request.VerifyWith(Verifiers.Create("paddle", VectorSecrets)), secretIndex: 2);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1696195954), result.Timestamp);
        Expect.Failed(FailureCode.InvalidSignature, request.VerifyWith(Verifiers.Create("paddle", VectorSecrets[..2])));
    }

    // The secret is the whole `pdl_ntf_...` string, not something decoded from it.
    [Fact]
    public void Vector_fails_for_the_secret_without_its_prefix()
    {
        var request = Request.Post("hello-world").Header("Paddle-Signature", VectorHeader).At(DateTimeOffset.FromUnixTimeSeconds(1696195954));
        Expect.Failed(FailureCode.InvalidSignature, request.VerifyWith(Verifiers.Create("paddle", VectorSecrets[2]["pdl_ntf_".Length..])));
    }

    // Paddle's SDKs allow 5 s by default; the policy's ReplayWindow is what applies here, and can be set that tight.
    [Fact]
    public void Vector_is_out_of_window_a_moment_later_with_a_5_second_window()
    {
        var request = Request.Post("hello-world").Header("Paddle-Signature", VectorHeader).At(DateTimeOffset.FromUnixTimeSeconds(1696195954 + 6));
        var verifier = Verifiers.Create("paddle", new ProviderSettings { Secrets = VectorSecrets, ReplayWindow = TimeSpan.FromSeconds(5) });
        Expect.Failed(FailureCode.TimestampOutOfWindow, request.VerifyWith(verifier));
    }

    [Fact]
    public void Several_h1_signatures_verify_when_any_matches_a_configured_secret()
    {
        var ts = Now.ToUnixTimeSeconds();
        var header = $"ts={ts};h1={Sign.Sha256Hex(WrongSecret, Sign.Concat($"{ts}:", DefaultBody))};h1={Sign.Sha256Hex(Secret, Sign.Concat($"{ts}:", DefaultBody))}";
        Expect.Verified(Valid().ReplaceHeader("Paddle-Signature", header).VerifyWith(Verifier(Secret)));
    }

    [Fact]
    public void Timestamp_changed_after_signing_is_invalid_signature()
    {
        var ts = Now.ToUnixTimeSeconds();
        var header = $"ts={ts - 1};h1={Sign.Sha256Hex(Secret, Sign.Concat($"{ts}:", DefaultBody))}";
        Expect.Failed(FailureCode.InvalidSignature, Valid().ReplaceHeader("Paddle-Signature", header).VerifyWith(Verifier(Secret)));
    }

    [Fact]
    public void Event_id_is_the_delivery_id()
    {
        var body = Encoding.UTF8.GetBytes("""{"event_id":"evt_01hv8x2acma2gz1my5k2f6c1eb","event_type":"transaction.completed","data":{}}""");
        Assert.Equal("evt_01hv8x2acma2gz1my5k2f6c1eb", Expect.Verified(Signed(Secret, body, Now).VerifyWith(Verifier(Secret))).DeliveryId);
    }
}
