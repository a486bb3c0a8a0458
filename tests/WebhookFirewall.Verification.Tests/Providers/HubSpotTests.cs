using System.Globalization;
using System.Text;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>
/// v3 through the timestamp contract, signed as HubSpot/hubspot-api-python's hubspot/utils/signature.py
/// (get_signature, "v3"). Published vectors: that SDK's tests/spec/utils/test_signature.py (client secret
/// yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy, body {'example_field':'example_value'}, URI
/// https://www.example.com/webhook_uri), HubSpot/hubspot-api-nodejs test/unit/signature.spec.ts, and the examples of
/// HubSpot's "Validating requests" docs that those tests repeat.
/// </summary>
public sealed class HubSpotTests : TimestampSigningProviderContract
{
    private const string PublicUrl = "https://hooks.example.com/hubspot";

    private const string VectorSecret = "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy";
    private const string VectorUri = "https://www.example.com/webhook_uri";
    private const string VectorBody = "{'example_field':'example_value'}";

    protected override string Provider => "hubspot";

    protected override string SignatureHeader => "X-HubSpot-Signature-v3";

    protected override ProviderSettings Settings(params string[] secrets) => new() { Secrets = secrets, PublicUrl = PublicUrl };

    protected override IEnumerable<string> MalformedSignatures =>
    [
        Sign.Sha256Hex(Secret, DefaultBody),
        "v3=" + Convert.ToBase64String(new byte[32]),
        Convert.ToBase64String(new byte[20]),
        "",
    ];

    protected override Request Signed(string secret, byte[] body, DateTimeOffset signedAt)
    {
        var timestamp = signedAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        return Request.Post(body)
            .Header("X-HubSpot-Signature-v3", PresetSign.HubSpotV3(secret, "POST", PublicUrl, body, timestamp))
            .Header("X-HubSpot-Request-Timestamp", timestamp);
    }

    protected override Request WithoutTimestamp(Request valid) => valid.WithoutHeader("X-HubSpot-Request-Timestamp");

    /// <summary>A query added to the signed URL, a shifted timestamp, or a changed body.</summary>
    protected override void Mutate(Request request, Random random)
    {
        switch (random.Next(3))
        {
            case 0:
                request.WithQuery($"?x={random.Next()}");
                break;
            case 1:
                Oracles.ShiftNumber(request, "X-HubSpot-Request-Timestamp", random);
                break;
            default:
                base.Mutate(request, random);
                break;
        }
    }

    private static IWebhookVerifier VectorVerifier(string uri = VectorUri) =>
        Verifiers.Create("hubspot", new ProviderSettings { Secrets = [VectorSecret], PublicUrl = uri });

    private static Request Legacy(string version, string signature, string body = VectorBody, string method = "POST") =>
        Request.Post(body).WithMethod(method)
            .Header("X-HubSpot-Signature", signature)
            .Header("X-HubSpot-Signature-Version", version);

    private static Request V3(string signature, string timestamp, string body = VectorBody) =>
        Request.Post(body)
            .Header("X-HubSpot-Signature-v3", signature)
            .Header("X-HubSpot-Request-Timestamp", timestamp)
            .At(DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(timestamp, CultureInfo.InvariantCulture)));

    // As listed in PROVIDERS.md (vector 7). Its text matches a test_get_signature__v3 with timestamp "1693657560000" in
    // the code index, but the index did not name that file's repository; recomputed independently, it holds.
    [Fact]
    public void Python_sdk_v3_vector_verifies_at_its_own_time()
    {
        var result = Expect.Verified(V3("K36dawei4A+QBNolUOqo7s91KQDWQ5MXZ/QufNYuk/Y=", "1693657560000").VerifyWith(VectorVerifier()));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1693657560000), result.Timestamp);
    }

    /// <summary>
    /// v3 signs a timestamp, so an id (a KeyHeader a proxy adds) may key its deliveries: a replay with a new id is
    /// bounded by the window. v1/v2 sign none, so the same unsigned id must not key them: they are keyed by content.
    /// </summary>
    [Fact]
    public void Only_a_request_that_carried_a_signed_timestamp_is_keyed_by_an_unsigned_id()
    {
        var verifier = Verifiers.Create("hubspot", new ProviderSettings { Secrets = [VectorSecret], PublicUrl = VectorUri, KeyHeader = "X-Proxy-Delivery" });
        var v3 = V3("K36dawei4A+QBNolUOqo7s91KQDWQ5MXZ/QufNYuk/Y=", "1693657560000").Header("X-Proxy-Delivery", "d-1");
        var v1 = Legacy("v1", "69fc6631a867edd4f9e9e627fc5c1148e3fbdd8b21837b6d2b8901c1fa57f750").Header("X-Proxy-Delivery", "d-1");

        Assert.Equal(IdempotencyKeyKind.DeliveryId, Expect.Verified(v3.VerifyWith(verifier)).KeyKind);
        Assert.Equal(IdempotencyKeyKind.Content, Expect.Verified(v1.VerifyWith(verifier)).KeyKind);
    }

    // hubspot-api-python tests/spec/utils/test_signature.py, test_get_signature__v3 (timestamp 15000000).
    [Fact]
    public void Earlier_python_sdk_v3_vector_verifies_at_its_own_time()
    {
        Expect.Verified(V3("HPW73RUtKmcYoEDADG0s6MmGFWUzWJKAW07r8RDgcQw=", "15000000").VerifyWith(VectorVerifier()));
    }

    // test_signature.py test_get_signature__v1 / test_is_valid__v1.
    [Fact]
    public void Python_sdk_v1_vector_verifies()
    {
        Expect.Verified(Legacy("v1", "69fc6631a867edd4f9e9e627fc5c1148e3fbdd8b21837b6d2b8901c1fa57f750").VerifyWith(VectorVerifier()));
    }

    // hubspot-api-nodejs test/unit/signature.spec.ts 'is valid v1' (HubSpot's docs use the same v1 example).
    [Fact]
    public void Nodejs_sdk_v1_vector_verifies()
    {
        const string body = """[{"eventId":1,"subscriptionId":12345,"portalId":62515,"occurredAt":1564113600000,"subscriptionType":"contact.creation","attemptNumber":0,"objectId":123,"changeSource":"CRM","changeFlag":"NEW","appId":54321}]""";
        var result = Expect.Verified(Legacy("v1", "232db2615f3d666fe21a8ec971ac7b5402d33b9a925784df3ca654d05f4817de", body).VerifyWith(VectorVerifier()));
        Assert.Null(result.Timestamp);
        Assert.Null(result.DeliveryId); // eventId is documented as not unique: not used as an idempotency key
    }

    // test_signature.py test_get_signature__v2 (POST), test_is_valid__v2_get_method; signature.spec.ts 'is valid v2
    // with body' (also the POST example of HubSpot's docs).
    [Fact]
    public void V2_vectors_cover_method_and_uri()
    {
        Expect.Verified(Legacy("v2", "4fe4e3a7d3cf09db53be39d0a58130e2aaba074ec123a9e355b876a689a1c383").VerifyWith(VectorVerifier()));
        Expect.Verified(Legacy("v2", "eee2dddcc73c94d699f5e395f4b9d454a069a6855fbfa152e91e88823087200e", string.Empty, "GET").VerifyWith(VectorVerifier()));
        Expect.Verified(Legacy("v2", "9569219f8ba981ffa6f6f16aa0f48637d35d728c7e4d93d0d52efaa512af7900", """{"example_field":"example_value"}""").VerifyWith(VectorVerifier()));
        Expect.Failed(FailureCode.InvalidSignature, Legacy("v2", "4fe4e3a7d3cf09db53be39d0a58130e2aaba074ec123a9e355b876a689a1c383", VectorBody, "PUT").VerifyWith(VectorVerifier()));
        Expect.Failed(FailureCode.InvalidSignature, Legacy("v2", "4fe4e3a7d3cf09db53be39d0a58130e2aaba074ec123a9e355b876a689a1c383").VerifyWith(VectorVerifier(VectorUri + "/")));
    }

    [Fact]
    public void Signature_version_decides_which_legacy_hash_is_computed()
    {
        Expect.Failed(FailureCode.InvalidSignature, Legacy("v2", "69fc6631a867edd4f9e9e627fc5c1148e3fbdd8b21837b6d2b8901c1fa57f750").VerifyWith(VectorVerifier()));
        Expect.Failed(FailureCode.InvalidSignature, Legacy("v1", "4fe4e3a7d3cf09db53be39d0a58130e2aaba074ec123a9e355b876a689a1c383").VerifyWith(VectorVerifier()));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("v3")]
    [InlineData("V1")]
    [InlineData("")]
    public void Legacy_signature_without_a_known_version_is_malformed(string? version)
    {
        var request = Request.Post(VectorBody).Header("X-HubSpot-Signature", "69fc6631a867edd4f9e9e627fc5c1148e3fbdd8b21837b6d2b8901c1fa57f750");
        if (version is not null)
        {
            request.Header("X-HubSpot-Signature-Version", version);
        }

        Expect.Failed(FailureCode.MalformedSignature, request.VerifyWith(VectorVerifier()));
    }

    // v1/v2 hash secret + ... + body with plain SHA-256, which a forger can extend without the secret; the extension
    // always begins with byte 0x80, never valid UTF-8 after HubSpot's JSON. Even a correctly made hash over such a body
    // is refused: no real HubSpot body looks like that.
    [Fact]
    public void Legacy_signature_over_a_body_that_is_not_utf8_is_refused()
    {
        byte[] body = [.. Encoding.UTF8.GetBytes(VectorBody), 0x80, 0x00, 0x00, .. "{\"forged\":true}"u8];
        var request = Request.Post(body)
            .Header("X-HubSpot-Signature", PresetSign.HubSpotV1(VectorSecret, body))
            .Header("X-HubSpot-Signature-Version", "v1");
        Expect.Failed(FailureCode.InvalidSignature, request.VerifyWith(VectorVerifier()));
    }

    // When v3 is sent it alone decides: a bad v3 is not rescued by a good v1.
    [Fact]
    public void Failing_v3_is_not_rescued_by_a_valid_legacy_signature()
    {
        var request = V3(Convert.ToBase64String(new byte[32]), "1693657560000")
            .Header("X-HubSpot-Signature", "69fc6631a867edd4f9e9e627fc5c1148e3fbdd8b21837b6d2b8901c1fa57f750")
            .Header("X-HubSpot-Signature-Version", "v1");
        Expect.Failed(FailureCode.InvalidSignature, request.VerifyWith(VectorVerifier()));
    }

    [Fact]
    public void Repeated_legacy_signature_is_malformed()
    {
        var request = Legacy("v1", "69fc6631a867edd4f9e9e627fc5c1148e3fbdd8b21837b6d2b8901c1fa57f750")
            .Header("X-HubSpot-Signature", "69fc6631a867edd4f9e9e627fc5c1148e3fbdd8b21837b6d2b8901c1fa57f750");
        Expect.Failed(FailureCode.MalformedSignature, request.VerifyWith(VectorVerifier()));
    }

    [Theory]
    [InlineData("1700000000")]             // seconds: read as milliseconds, early 1970
    public void Timestamp_in_seconds_is_out_of_window(string timestamp)
    {
        var request = Request.Post(DefaultBody)
            .Header("X-HubSpot-Signature-v3", PresetSign.HubSpotV3(Secret, "POST", PublicUrl, DefaultBody, timestamp))
            .Header("X-HubSpot-Request-Timestamp", timestamp);
        Expect.Failed(FailureCode.TimestampOutOfWindow, request.VerifyWith(Verifier(Secret)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("1700000000000.0")]
    [InlineData("2023-11-14T22:13:20Z")]
    public void Timestamp_that_is_not_milliseconds_is_malformed(string timestamp)
    {
        var request = Request.Post(DefaultBody)
            .Header("X-HubSpot-Signature-v3", PresetSign.HubSpotV3(Secret, "POST", PublicUrl, DefaultBody, timestamp))
            .Header("X-HubSpot-Request-Timestamp", timestamp);
        Expect.Failed(FailureCode.MalformedSignature, request.VerifyWith(Verifier(Secret)));
    }

    [Fact]
    public void Method_is_signed()
    {
        Expect.Failed(FailureCode.InvalidSignature, Valid().WithMethod("PUT").VerifyWith(Verifier(Secret)));
    }

    // HubSpot's docs: decode %3A %2F %3F %40 %21 %24 %27 %28 %29 %2A %2C %3B in the URI before signing, nothing else.
    [Fact]
    public void Query_string_is_appended_and_listed_escapes_are_decoded_before_v3_is_checked()
    {
        const string query = "?redirect=https%3A%2F%2Fapp.example.com%2Fdone&name=a%20b%2Cc&q=%3d";
        var timestamp = Now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var signedUri = PublicUrl + "?redirect=https://app.example.com/done&name=a%20b,c&q=%3d";
        var request = Request.Post(DefaultBody).WithQuery(query)
            .Header("X-HubSpot-Signature-v3", PresetSign.HubSpotV3(Secret, "POST", signedUri, DefaultBody, timestamp))
            .Header("X-HubSpot-Request-Timestamp", timestamp);
        Expect.Verified(request.VerifyWith(Verifier(Secret)));

        var undecoded = request.Clone().ReplaceHeader("X-HubSpot-Signature-v3", PresetSign.HubSpotV3(Secret, "POST", PublicUrl + query, DefaultBody, timestamp));
        Expect.Failed(FailureCode.InvalidSignature, undecoded.VerifyWith(Verifier(Secret)));
    }

    [Fact]
    public void V2_signs_the_uri_exactly_as_requested_with_the_query_string()
    {
        const string query = "?portalId=62515&a=%3A";
        var body = Encoding.UTF8.GetBytes(VectorBody);
        var request = Request.Post(body).WithQuery(query)
            .Header("X-HubSpot-Signature", PresetSign.HubSpotV2(Secret, "POST", PublicUrl + query, body))
            .Header("X-HubSpot-Signature-Version", "v2");
        Expect.Verified(request.VerifyWith(Verifier(Secret)));
        Expect.Failed(FailureCode.InvalidSignature, request.Clone().WithQuery(string.Empty).VerifyWith(Verifier(Secret)));
    }

    [Fact]
    public void Public_url_is_required()
    {
        Assert.Contains(Verifiers.Problems("hubspot", new ProviderSettings { Secrets = [Secret] }), p => p.Key == "PublicUrl");
    }
}
