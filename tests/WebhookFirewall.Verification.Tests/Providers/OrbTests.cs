using System.Globalization;
using WebhookFirewall.Verification;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>
/// Orb: `X-Orb-Signature: v1=<hex>[ v1=..]`, HMAC-SHA256 of `v1:{X-Orb-Timestamp}:{body}`, the timestamp ISO 8601 as
/// Orb writes it (milliseconds, no offset: UTC). Signed here as orbcorp/orb-node's src/resources/webhooks.ts signs.
/// </summary>
public sealed class OrbTests : TimestampHeaderProviderContract
{
    private const string VectorSecret = "c-UGKYdnhHh436B_sMouYAPUvXyWpzOdunZBV5dFSD8";
    private const string VectorTimestamp = "2024-03-27T15:42:29.551";
    private const string VectorBody = """{"id": "o4mmewpfNNTnjfZc", "created_at": "2024-03-27T15:42:29+00:00", "type": "resource_event.test", "properties": {"message": "A test webhook from Orb. Happy testing!"}}""";
    private const string VectorSignature = "v1=9d25de966891ab0bc18754faf8d83d0980b44ae330fcc130b41a6cf3daf1f391";

    private static readonly DateTimeOffset VectorTime = new(2024, 3, 27, 15, 42, 29, 551, TimeSpan.Zero);

    protected override string Provider => "orb";

    protected override string SignatureHeader => "X-Orb-Signature";

    protected override IEnumerable<string> MalformedSignatures =>
    [
        ListSign.Hex(Secret, "v1:", DefaultBody),                    // hex without v1=
        "v1=",
        "v1=" + new string('z', 64),
        "v1=" + new string('a', 62),
        "v0=" + new string('a', 64),                                 // no v1 entry
        "v1=" + Convert.ToBase64String(new byte[32]),
        string.Join(' ', Enumerable.Repeat("v1=" + new string('a', 64), 17)),
        "",
    ];

    private static Request Vector(string timestamp = VectorTimestamp, string signature = VectorSignature) => Request.Post(VectorBody)
        .Header("X-Orb-Timestamp", timestamp)
        .Header("X-Orb-Signature", signature)
        .At(VectorTime);

    protected override string TimestampHeader => "X-Orb-Timestamp";

    /// <summary>As Orb writes it: milliseconds, no offset.</summary>
    protected override string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff", CultureInfo.InvariantCulture);

    protected override string SignatureValue(string secret, string timestamp, byte[] body) => "v1=" + ListSign.Hex(secret, $"v1:{timestamp}:", body);

    /// <summary>The signed timestamp moved by whole seconds, or a changed body.</summary>
    protected override void Mutate(Request request, Random random) => ListSign.OneOf(
        random,
        () => request.ReplaceHeader(TimestampHeader, Timestamp(DateTimeOffset.Parse(request.Headers.Get(TimestampHeader).Value! + "Z", CultureInfo.InvariantCulture).AddSeconds(random.Next(1, 100) * (random.Next(2) == 0 ? 1 : -1)))),
        () => Oracles.FlipBodyByte(request, random));

    // orbcorp/orb-node@cffc338020a4e5751b7173eaac5e64d020738510 tests/api-resources/webhooks.test.ts ("should pass for
    // valid signature"; the suite is skipped upstream, but the vector verifies under src/resources/webhooks.ts).
    [Fact]
    public void Orb_sdk_vector_verifies_with_the_body_id_as_delivery_id()
    {
        var result = Expect.Verified(Vector().VerifyWith(Verifiers.Create("orb", VectorSecret)));
        Assert.Equal("o4mmewpfNNTnjfZc", result.DeliveryId);
        Assert.Equal(VectorTime, result.Timestamp);
    }

    // The header text is what is signed: Orb's SDK appends the Z only to parse it.
    [Fact]
    public void Vector_with_a_z_added_to_its_timestamp_is_invalid_signature()
    {
        Expect.Failed(FailureCode.InvalidSignature, Vector(timestamp: VectorTimestamp + "Z").VerifyWith(Verifiers.Create("orb", VectorSecret)));
    }

    [Fact]
    public void Timestamp_with_an_explicit_offset_is_read_with_it()
    {
        const string timestamp = "2023-11-14T23:13:20.000+01:00";  // Now, one hour east
        var request = Valid().ReplaceHeader(TimestampHeader, timestamp).ReplaceHeader("X-Orb-Signature", SignatureValue(Secret, timestamp, DefaultBody));
        Assert.Equal(Now, Expect.Verified(request.VerifyWith(Verifier(Secret))).Timestamp);
    }

    [Fact]
    public void Space_separated_list_verifies_when_any_v1_entry_matches()
    {
        var list = $"v1={new string('0', 64)} v2={new string('1', 64)} {VectorSignature}";
        Expect.Verified(Vector(signature: list).VerifyWith(Verifiers.Create("orb", VectorSecret)));
    }

    [Theory]
    [InlineData("1711554149")]
    [InlineData("2024-03-27")]
    [InlineData("27/03/2024 15:42:29")]
    [InlineData("2024-03-27 15:42:29.551")]
    public void Timestamp_that_is_not_iso_8601_date_and_time_is_malformed(string timestamp)
    {
        var request = Vector(timestamp: timestamp, signature: SignatureValue(VectorSecret, timestamp, System.Text.Encoding.UTF8.GetBytes(VectorBody)));
        Expect.Failed(FailureCode.MalformedSignature, request.VerifyWith(Verifiers.Create("orb", VectorSecret)));
    }
}
