using System.Security.Cryptography;
using System.Text;
using WebhookFirewall.Verification;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>
/// Published vectors: Adyen/adyen-node-api-library at 3b84a188ef071064636a19f53f95f8aa7112dd91,
/// src/__tests__/hmacValidator.spec.ts (two standard-notification items under key DFB1EB54..., and the balance platform
/// body src/__mocks__/notification/accountHolderCreated.json under key 11223344...). The contract runs on the
/// `HmacSignature` variant, signed as that library's src/utils/hmacValidator.ts signs: base64 HMAC-SHA256 with the
/// hex-decoded key; standard items are signed as its getDataToSign joins their fields.
/// </summary>
public sealed class AdyenTests : BodySigningProviderContract
{
    private const string Header = "HmacSignature";
    private const string VectorKey = "DFB1EB5485895CFA84146406857104ABB4CBCABDC8AAF103A624C8F6A3EAAB00";

    protected override string Provider => "adyen";

    protected override string SignatureHeader => Header;

    /// <summary>Adyen's keys are hex: the test secrets become the hex of their SHA-256.</summary>
    protected override string ConfiguredSecret(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    protected override IEnumerable<string> MalformedSignatures =>
    [
        "",
        new string('a', 64),
        Convert.ToBase64String(new byte[20]),
        "sha256=" + Convert.ToBase64String(new byte[32]),
    ];

    protected override Request Signed(string secret, byte[] body, DateTimeOffset signedAt) =>
        Request.Post(body).Header(Header, Mac(secret, body));

    private static string Mac(string hexKey, byte[] content) => Convert.ToBase64String(HMACSHA256.HashData(Convert.FromHexString(hexKey), content));

    private static string Mac(string hexKey, string content) => Mac(hexKey, Encoding.UTF8.GetBytes(content));

    /// <summary>A NotificationRequestItem as Adyen sends it, with the fields the spec's items sign.</summary>
    private static string Item(string eventCode, string signature, string reason = "reason", string merchantReference = "reference") =>
        $$$"""{"NotificationRequestItem":{"additionalData":{"hmacSignature":"{{{signature}}}","authCode":"1234"},"amount":{"currency":"EUR","value":1000},"eventCode":"{{{eventCode}}}","eventDate":"2019-09-21T11:45:24.637Z","merchantAccountCode":"merchantAccount","merchantReference":"{{{merchantReference}}}","originalReference":"originalReference","paymentMethod":"VISA","pspReference":"pspReference","reason":"{{{reason}}}","success":"true"}}""";

    private static string Notification(params string[] items) => $$"""{"live":"false","notificationItems":[{{string.Join(',', items)}}]}""";

    private static IWebhookVerifier VectorVerifier() => Verifiers.Create("adyen", VectorKey);

    // "should have valid hmac" and "should have valid notification request item HMAC".
    [Theory]
    [InlineData("REPORT_AVAILABLE", "ZNBPtI+oDyyRrLyD1XirkKnQgIAlFc07Vj27TeHsDRE=")]
    [InlineData("EVENT", "ipnxGCaUZ4l8TUW75a71/ghd2Fe5ffvX0pV4TLTntIc=")]
    public void Published_standard_item_vectors_verify(string eventCode, string signature)
    {
        var result = Expect.Verified(Request.Post(Notification(Item(eventCode, signature))).VerifyWith(VectorVerifier()));
        Assert.StartsWith("sha256:", result.DeliveryId, StringComparison.Ordinal);
        Assert.Equal(signature, Mac(VectorKey, $"pspReference:originalReference:merchantAccount:reference:1000:EUR:{eventCode}:true"));
        Expect.Failed(FailureCode.InvalidSignature, Request.Post(Notification(Item(eventCode == "EVENT" ? "REPORT_AVAILABLE" : "EVENT", signature))).VerifyWith(VectorVerifier()));
    }

    // "should calculate Banking webhook correctly": the mock body byte for byte (1,778 bytes, no final line feed).
    [Fact]
    public void Published_balance_platform_vector_verifies()
    {
        var body = Encoding.UTF8.GetBytes(BankingBody);
        Assert.Equal("5b8ba910bb281eed2f23e0aed478564616514e5df1bf031554d4b6f8e3bc5017", Convert.ToHexStringLower(SHA256.HashData(body)));
        var verifier = Verifiers.Create("adyen", "11223344D785FBAE710E7F943F307971BB61B21281C98C9129B3D4018A57B2EB");
        var request = Request.Post(body).Header(Header, "UVBzHbDayhfT1XgaRGAkuKvxwoxrLoVCBdfi3WZU8lI=");
        Assert.StartsWith("sha256:", Expect.Verified(request.VerifyWith(verifier)).DeliveryId, StringComparison.Ordinal);
        Expect.Failed(FailureCode.InvalidSignature, request.Clone().WithBody(BankingBody.Replace("\n", "\r\n", StringComparison.Ordinal)).VerifyWith(verifier));
    }

    [Fact]
    public void Batch_verifies_only_when_every_item_does()
    {
        var report = Item("REPORT_AVAILABLE", "ZNBPtI+oDyyRrLyD1XirkKnQgIAlFc07Vj27TeHsDRE=");
        var eventItem = Item("EVENT", "ipnxGCaUZ4l8TUW75a71/ghd2Fe5ffvX0pV4TLTntIc=");
        Expect.Verified(Request.Post(Notification(report, eventItem)).VerifyWith(VectorVerifier()));
        Expect.Failed(FailureCode.InvalidSignature, Request.Post(Notification(report, Item("EVENT", "ZNBPtI+oDyyRrLyD1XirkKnQgIAlFc07Vj27TeHsDRE="))).VerifyWith(VectorVerifier()));
        Expect.Failed(FailureCode.MissingSignature, Request.Post(Notification(report, eventItem.Replace("\"hmacSignature\":", "\"other\":", StringComparison.Ordinal))).VerifyWith(VectorVerifier()));
        Expect.Failed(FailureCode.MalformedSignature, Request.Post(Notification()).VerifyWith(VectorVerifier()));
    }

    /// <summary>
    /// Only the eight fields are signed: an edit of another one still verifies — and keeps the delivery id, so it is a
    /// duplicate, not a new delivery. An edit of a signed field does not verify.
    /// </summary>
    [Fact]
    public void Fields_outside_the_signature_can_change_but_not_the_delivery_id()
    {
        var original = Expect.Verified(Request.Post(Notification(Item("EVENT", "ipnxGCaUZ4l8TUW75a71/ghd2Fe5ffvX0pV4TLTntIc="))).VerifyWith(VectorVerifier()));
        var edited = Expect.Verified(Request.Post(Notification(Item("EVENT", "ipnxGCaUZ4l8TUW75a71/ghd2Fe5ffvX0pV4TLTntIc=", reason: "edited"))).VerifyWith(VectorVerifier()));
        Assert.Equal(original.DeliveryId, edited.DeliveryId);
        Expect.Failed(FailureCode.InvalidSignature, Request.Post(Notification(Item("EVENT", "ipnxGCaUZ4l8TUW75a71/ghd2Fe5ffvX0pV4TLTntIc=", merchantReference: "other"))).VerifyWith(VectorVerifier()));
        Assert.Equal(IdempotencyKeyKind.DeliveryId, VectorVerifier().DefaultKeyKind);
    }

    /// <summary>getDataToSign joins with Array.join: an absent field is empty text, a boolean its name.</summary>
    [Fact]
    public void Absent_fields_join_as_empty_text_and_booleans_as_their_names()
    {
        var signature = Mac(VectorKey, "pspReference::merchantAccount:reference:0:EUR:AUTHORISATION:true");
        var body = Notification($$$"""{"NotificationRequestItem":{"additionalData":{"hmacSignature":"{{{signature}}}"},"amount":{"currency":"EUR","value":0},"eventCode":"AUTHORISATION","merchantAccountCode":"merchantAccount","merchantReference":"reference","pspReference":"pspReference","success":true}}""");
        Expect.Verified(Request.Post(body).VerifyWith(VectorVerifier()));
    }

    [Theory]
    [InlineData("""{"NotificationRequestItem":{"additionalData":{"hmacSignature":"x"},"eventCode":"EVENT"}}""")]                      // no amount
    [InlineData("""{"NotificationRequestItem":{"amount":{"currency":"EUR","value":1.5},"additionalData":{"hmacSignature":"x"}}}""")]   // not an integer
    [InlineData("""{"NotificationRequestItem":{"amount":{"currency":"EUR","value":1e3},"additionalData":{"hmacSignature":"x"}}}""")]
    [InlineData("""{"NotificationRequestItem":{"amount":{"currency":"EUR","value":1},"pspReference":{"a":1}}}""")]
    [InlineData("""{"NotificationRequestItem":{"amount":{"currency":"EUR","value":1},"pspReference":"a","pspReference":"b"}}""")]
    [InlineData("\"not an item\"")]
    public void Items_not_in_Adyen_s_shape_are_malformed(string item)
    {
        Expect.Failed(FailureCode.MalformedSignature, Request.Post(Notification(item)).VerifyWith(VectorVerifier()));
    }

    /// <summary>
    /// One key signs both variants, so neither signature may pass for the other: an item's signed text is never a JSON
    /// object, and the HmacSignature variant signs only JSON object bodies.
    /// </summary>
    [Fact]
    public void An_item_signature_never_verifies_as_a_body_signature_or_back()
    {
        const string data = "pspReference:originalReference:merchantAccount:reference:1000:EUR:EVENT:true";
        var asBody = Request.Post(data).Header(Header, "ipnxGCaUZ4l8TUW75a71/ghd2Fe5ffvX0pV4TLTntIc=");
        Expect.Failed(FailureCode.InvalidSignature, asBody.VerifyWith(VectorVerifier()));

        var body = """{"type":"balancePlatform.accountHolder.created"}""";
        var bodySignature = Mac(VectorKey, body);
        var item = $$$"""{"NotificationRequestItem":{"additionalData":{"hmacSignature":"{{{bodySignature}}}"},"amount":{"currency":"EUR","value":1},"pspReference":"{\"type\""}}""";
        Expect.Failed(FailureCode.MalformedSignature, Request.Post(Notification(item)).VerifyWith(VectorVerifier()));
    }

    [Fact]
    public void Sign_verb_signs_the_body_variant()
    {
        var problems = new List<SettingProblem>();
        var signer = ProviderCatalogue.CreateSigner("adyen", VectorKey, new ProviderSettings(), problems);
        Assert.Empty(problems);
        var headers = new List<KeyValuePair<string, string>>();
        signer!.Sign(new SigningInput(DefaultBody, Now, "unused"), headers);
        Assert.Equal(Mac(VectorKey, DefaultBody), Assert.Single(headers, h => h.Key == Header).Value);
        Expect.Verified(Request.Post(DefaultBody).Header(Header, headers[0].Value).VerifyWith(VectorVerifier()));
    }

    [Fact]
    public void Key_must_be_hex_and_hmac_signature_is_a_credential_field()
    {
        Assert.Contains(Verifiers.Problems("adyen", new ProviderSettings { Secrets = ["not hex"] }), p => p.Key == "Secrets:0");
        Assert.Equal(["hmacSignature"], VectorVerifier().Info.CredentialFields);
        Assert.False(VectorVerifier().Info.ReplyCarriesBackendAnswer);
    }

    private const string BankingBody = """
{
    "data": {
      "balancePlatform": "YOUR_BALANCE_PLATFORM",
      "accountHolder": {
        "contactDetails": {
          "email": "test@adyen.com",
          "phone": {
            "number": "0612345678",
            "type": "mobile"
          },
          "address": {
            "houseNumberOrName": "23",
            "city": "Amsterdam",
            "country": "NL",
            "postalCode": "12345",
            "street": "Main Street 1"
          }
        },
        "description": "Shelly Eller",
        "legalEntityId": "LE00000000000000000001",
        "reference": "YOUR_REFERENCE-2412C",
        "capabilities": {
          "issueCard": {
            "enabled": true,
            "requested": true,
            "allowed": false,
            "verificationStatus": "pending"
          },
          "receiveFromTransferInstrument": {
            "enabled": true,
            "requested": true,
            "allowed": false,
            "verificationStatus": "pending"
          },
          "sendToTransferInstrument": {
            "enabled": true,
            "requested": true,
            "allowed": false,
            "verificationStatus": "pending"
          },
          "sendToBalanceAccount": {
            "enabled": true,
            "requested": true,
            "allowed": false,
            "verificationStatus": "pending"
          },
          "receiveFromBalanceAccount": {
            "enabled": true,
            "requested": true,
            "allowed": false,
            "verificationStatus": "pending"
          }
        },
        "id": "AH00000000000000000001",
        "status": "active"
      }
    },
    "environment": "test",
    "timestamp": "2024-12-15T15:42:03+01:00",
    "type": "balancePlatform.accountHolder.created"
  }
""";
}
