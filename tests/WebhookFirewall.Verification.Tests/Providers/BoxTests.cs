using System.Globalization;
using System.Text;
using WebhookFirewall.Verification;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>
/// Box: base64 HMAC-SHA256 of the body followed by `BOX-DELIVERY-TIMESTAMP`, one header per signature key, signature
/// version 1 and algorithm HmacSHA256 only (box/developer.box.com@eee1aa64089f0d46d362bf044d40a03a58946b6b
/// content/guides/webhooks/v2/signatures-v2.md and index.md).
/// </summary>
public sealed class BoxTests : TimestampSigningProviderContract
{
    // The published vectors of Box's Node SDK (box/box-node-sdk@7dcf9c2bfc44d9436d73c253ce2c9805a41d0e75
    // tests/lib/managers/webhooks-test.js, validateMessage()): one body signed with both sample keys, and four bodies
    // as Box writes them (PHP-style \u escapes, escaped slashes) signed with the primary key.
    private const string PrimaryKey = "SamplePrimaryKey";
    private const string SecondaryKey = "SampleSecondaryKey";
    private const string VectorTimestamp = "2020-01-01T00:00:00-07:00";
    private const string VectorBody = """{"type":"webhook_event","webhook":{"id":"1234567890"},"trigger":"FILE.UPLOADED","source":{"id":"1234567890","type":"file","name":"Test.txt"}}""";
    private const string VectorPrimary = "6TfeAW3A1PASkgboxxA5yqHNKOwFyMWuEXny/FPD5hI=";
    private const string VectorSecondary = "v+1CD1Jdo3muIcbpv5lxxgPglOqMfsNHPV899xWYydo=";

    private static readonly DateTimeOffset VectorNow = DateTimeOffset.Parse(VectorTimestamp, CultureInfo.InvariantCulture);

    protected override string Provider => "box";

    protected override string SignatureHeader => "BOX-SIGNATURE-PRIMARY";

    protected override IEnumerable<string> MalformedSignatures => MalformedMacs.Base64();

    private static string Timestamp(DateTimeOffset at) => at.ToOffset(TimeSpan.FromHours(-7)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    private static string Mac(string key, string body, string timestamp) => Sign.Sha256Base64(key, Encoding.UTF8.GetBytes(body + timestamp));

    protected override Request Signed(string secret, byte[] body, DateTimeOffset signedAt)
    {
        var timestamp = Timestamp(signedAt);
        return Headers(Request.Post(body), timestamp)
            .Header("BOX-SIGNATURE-PRIMARY", Sign.Sha256Base64(secret, [.. body, .. Encoding.UTF8.GetBytes(timestamp)]));
    }

    private static Request Headers(Request request, string timestamp) => request
        .Header("BOX-DELIVERY-ID", "f96bb54b-ee16-4fc5-aa65-8c2d9e5b546f")
        .Header("BOX-DELIVERY-TIMESTAMP", timestamp)
        .Header("BOX-SIGNATURE-VERSION", "1")
        .Header("BOX-SIGNATURE-ALGORITHM", "HmacSHA256");

    protected override Request WithoutTimestamp(Request valid) => valid.WithoutHeader("BOX-DELIVERY-TIMESTAMP");

    /// <summary>A signed timestamp moved by a few seconds, or a changed body.</summary>
    protected override void Mutate(Request request, Random random)
    {
        if (random.Next(2) == 0)
        {
            var at = DateTimeOffset.Parse(request.Headers.Get("BOX-DELIVERY-TIMESTAMP").Value!, CultureInfo.InvariantCulture);
            request.ReplaceHeader("BOX-DELIVERY-TIMESTAMP", Timestamp(at.AddSeconds(random.Next(1, 100) * (random.Next(2) == 0 ? 1 : -1))));
        }
        else
        {
            base.Mutate(request, random);
        }
    }

    private static Request VectorRequest(string body, string primary, string secondary = VectorSecondary) =>
        Headers(Request.Post(body), VectorTimestamp)
            .Header("BOX-SIGNATURE-PRIMARY", primary)
            .Header("BOX-SIGNATURE-SECONDARY", secondary)
            .At(VectorNow);

    [Fact]
    public void Sdk_vector_verifies_with_either_key()
    {
        var request = VectorRequest(VectorBody, VectorPrimary);
        Expect.Verified(request.VerifyWith(Verifiers.Create("box", PrimaryKey, SecondaryKey)), secretIndex: 0);
        Expect.Verified(request.VerifyWith(Verifiers.Create("box", "IncorrectKey", SecondaryKey)), secretIndex: 1);
        Expect.Verified(request.VerifyWith(Verifiers.Create("box", PrimaryKey)), secretIndex: 0);
        Expect.Failed(FailureCode.InvalidSignature, request.VerifyWith(Verifiers.Create("box", "IncorrectKey", "IncorrectKey")));
        Assert.Equal(VectorPrimary, Mac(PrimaryKey, VectorBody, VectorTimestamp));
        Assert.Equal(VectorSecondary, Mac(SecondaryKey, VectorBody, VectorTimestamp));
    }

    [Theory]
    [InlineData("""{"webhook":{"id":"1234567890"},"trigger":"FILE.UPLOADED","source":{"id":"1234567890","type":"file","name":"\u30b9\u30af\u30ea\u30fc\u30f3\u30b7\u30e7\u30c3\u30c8 2020-08-05.txt"}}""", "LV2uCu+5NJtIHrCXDYgZ0v/PP5THGRuegw3RtdnEyuE=")]
    [InlineData("""{"webhook":{"id":"1234567890"},"trigger":"FILE.UPLOADED","source":{"id":"1234567890","type":"file","name":"\ud83d\ude00 2020-08-05.txt"}}""", "xF/SDZosX4le+v4A0Qn59sZhuD1RqY5KRUKzVMSbh0E=")]
    [InlineData("""{"webhook":{"id":"1234567890"},"trigger":"FILE.UPLOADED","source":{"id":"1234567890","type":"file","name":"Test.txt","shared_link":{"url":"https:\/\/app.test.com\/s\/test123"}}}""", "+hKJH+wxkEBpkQRag11Ij1Wh4+7QrgUeRe0PPSoGWOI=")]
    [InlineData("""{"webhook":{"id":"1234567890"},"trigger":"FILE.UPLOADED","source":{"id":"1234567890","type":"file","name":"test \r"}}""", "SVkbKgy3dEEf2PbbzpNu2lDZS7zZ/aboU7HOZgBGrJk=")]
    public void Sdk_vectors_of_bodies_as_box_writes_them_verify_byte_for_byte(string body, string primary)
    {
        // The secondary header still carries the first body's signature, as in the SDK's tests: well-formed, not ours.
        var request = VectorRequest(body, primary);
        Expect.Verified(request.VerifyWith(Verifiers.Create("box", PrimaryKey, SecondaryKey)));
        Expect.Failed(FailureCode.InvalidSignature, request.Clone().WithBody(body.Replace("\\/", "/", StringComparison.Ordinal).Replace("\\r", "\\n", StringComparison.Ordinal).Replace("\\u30", "\\u31", StringComparison.Ordinal).Replace("\\ud83d", "\\ud83e", StringComparison.Ordinal)).VerifyWith(Verifiers.Create("box", PrimaryKey, SecondaryKey)));
    }

    [Theory]
    [InlineData("BOX-SIGNATURE-VERSION", "2")]
    [InlineData("BOX-SIGNATURE-ALGORITHM", "XXX")]
    [InlineData("BOX-SIGNATURE-ALGORITHM", "hmacsha256")]
    public void Another_signature_version_or_algorithm_is_malformed(string header, string value)
    {
        var request = VectorRequest(VectorBody, VectorPrimary).ReplaceHeader(header, value);
        Expect.Failed(FailureCode.MalformedSignature, request.VerifyWith(Verifiers.Create("box", PrimaryKey, SecondaryKey)));
    }

    [Theory]
    [InlineData("BOX-SIGNATURE-VERSION")]
    [InlineData("BOX-SIGNATURE-ALGORITHM")]
    public void Missing_or_repeated_version_or_algorithm_is_malformed(string header)
    {
        var verifier = Verifiers.Create("box", PrimaryKey);
        Expect.Failed(FailureCode.MalformedSignature, VectorRequest(VectorBody, VectorPrimary).WithoutHeader(header).VerifyWith(verifier));
        var repeated = VectorRequest(VectorBody, VectorPrimary);
        repeated.Header(header, repeated.Headers.Get(header).Value!);
        Expect.Failed(FailureCode.MalformedSignature, repeated.VerifyWith(verifier));
    }

    [Fact]
    public void Secondary_signature_alone_matching_verifies_and_a_repeated_one_is_malformed()
    {
        var body = Encoding.UTF8.GetBytes(VectorBody);
        var timestamp = Timestamp(Now);
        var request = Headers(Request.Post(body), timestamp)
            .Header("BOX-SIGNATURE-PRIMARY", Mac("a primary key we do not hold", VectorBody, timestamp))
            .Header("BOX-SIGNATURE-SECONDARY", Mac(Secret, VectorBody, timestamp));
        Expect.Verified(request.VerifyWith(Verifier(Secret)));
        Expect.Failed(FailureCode.MalformedSignature, request.Clone().Header("BOX-SIGNATURE-SECONDARY", "x").VerifyWith(Verifier(Secret)));
        Expect.Verified(request.Clone().ReplaceHeader("BOX-SIGNATURE-PRIMARY", Mac(Secret, VectorBody, timestamp)).ReplaceHeader("BOX-SIGNATURE-SECONDARY", "").VerifyWith(Verifier(Secret)));
    }

    [Fact]
    public void Body_signed_after_the_timestamp_is_invalid()
    {
        var timestamp = Timestamp(Now);
        var request = Headers(Request.Post(DefaultBody), timestamp)
            .Header("BOX-SIGNATURE-PRIMARY", Sign.Sha256Base64(Secret, [.. Encoding.UTF8.GetBytes(timestamp), .. DefaultBody]));
        Expect.Failed(FailureCode.InvalidSignature, request.VerifyWith(Verifier(Secret)));
    }

    [Fact]
    public void Delivery_id_is_the_body_id_not_the_header_that_changes_on_retry()
    {
        var verifier = Verifier(Secret);
        Assert.Equal("evt_1", Expect.Verified(Valid().VerifyWith(verifier)).DeliveryId);
        Assert.Null(Expect.Verified(Signed(Secret, Encoding.UTF8.GetBytes(VectorBody), Now).VerifyWith(verifier)).DeliveryId);
        Assert.Equal(IdempotencyKeyKind.DeliveryId, verifier.DefaultKeyKind);
    }

    [Fact]
    public void Box_asks_for_a_ten_minute_replay_window()
    {
        Assert.Equal(TimeSpan.FromMinutes(10), Verifier(Secret).Info.DefaultReplayWindow);
    }

    [Fact]
    public void Sign_verb_output_verifies()
    {
        var problems = new List<SettingProblem>();
        var signer = ProviderCatalogue.CreateSigner("box", Secret, new ProviderSettings(), problems)!;
        var headers = new List<KeyValuePair<string, string>>();
        signer.Sign(new SigningInput(DefaultBody, Now - TimeSpan.FromSeconds(3), "unused"), headers);
        var request = Request.Post(DefaultBody);
        headers.ForEach(h => request.Header(h.Key, h.Value));
        Expect.Verified(request.VerifyWith(Verifier(Secret)));
    }
}
