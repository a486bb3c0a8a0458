using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using WebhookFirewall.Verification;
using WebhookFirewall.Verification.Primitives;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>
/// AWS SNS. Published vectors: four notifications really signed by AWS (SignatureVersion 1 and 2, with and without
/// a Subject) and the certificate they name, from aws/aws-php-sns-message-validator@01f104920423c9b7c0a13dbe5115cc4cbc808161
/// tests/FunctionalValidationsTest.php (certificate lines 14-46, messages 52-105). Other messages are signed here with
/// .NET's RSA by self-made certificates (CN=sns.amazonaws.com), building the string to sign as the AWS developer
/// guide gives it (awsdocs/amazon-sns-developer-guide@f704d8cbc8f1024f0e199e1a3993af565f6ca0d2
/// doc_source/sns-verify-signature-of-message.md).
/// </summary>
public sealed class AwsSnsTests : IProviderOracle
{
    private const string Topic = "arn:aws:sns:us-east-1:123456789012:orders";
    private const string SnsSubject = "sns.amazonaws.com";
    private const string Key = "It's the current certificate";
    private const string PreviousKey = "It's the previous certificate";
    private const string WrongKey = "It's not AWS's certificate";

    private const string VectorCertificateUrl = "https://sns.us-east-2.amazonaws.com/SimpleNotificationService-7ff5318490ec183fbaddaa2a969abfda.pem";

    /// <summary>tests/FunctionalValidationsTest.php lines 14-46.</summary>
    private const string VectorCertificate = """
        -----BEGIN CERTIFICATE-----
        MIIF1zCCBL+gAwIBAgIQB9pYWG3Mi7xej22g9pobJTANBgkqhkiG9w0BAQsFADBG
        MQswCQYDVQQGEwJVUzEPMA0GA1UEChMGQW1hem9uMRUwEwYDVQQLEwxTZXJ2ZXIg
        Q0EgMUIxDzANBgNVBAMTBkFtYXpvbjAeFw0yMTA5MDcwMDAwMDBaFw0yMjA4MTcy
        MzU5NTlaMBwxGjAYBgNVBAMTEXNucy5hbWF6b25hd3MuY29tMIIBIjANBgkqhkiG
        9w0BAQEFAAOCAQ8AMIIBCgKCAQEAutFqueT3XgP13udzxE6UpbdjOtVO5DwoMpSM
        iDNMnGzF1TYH5/R2LPUOBeTB0SkKnR4kpNcUZhicpGD4aKciz/GEZ6wu65xncfT9
        H/KBOQwoXYTuClHwp6fYpGzcGFaFoEYMnijL/o4qmTSd+ukglQUgKpsDw4ofw6rU
        m2CttJo+GQSNQ9NfGR1h/0J+zsApkeSYrXRx5wNlu87z8os1C/6PBrUHwt3xXeaf
        Xzfwut8aRRYsS8BySOA9DAgLfNHlfdQCjKPXKrG/ussgReyWD6n/HH+j7Uha3xos
        TzQqJifcxlTq6MxWdPR6fDaJNvqw6DOE7UjUNxHguXHlVfxhlQIDAQABo4IC6TCC
        AuUwHwYDVR0jBBgwFoAUWaRmBlKge5WSPKOUByeWdFv5PdAwHQYDVR0OBBYEFAqz
        C+vyouneE7mWWLbi9i0UsWUbMBwGA1UdEQQVMBOCEXNucy5hbWF6b25hd3MuY29t
        MA4GA1UdDwEB/wQEAwIFoDAdBgNVHSUEFjAUBggrBgEFBQcDAQYIKwYBBQUHAwIw
        OwYDVR0fBDQwMjAwoC6gLIYqaHR0cDovL2NybC5zY2ExYi5hbWF6b250cnVzdC5j
        b20vc2NhMWIuY3JsMBMGA1UdIAQMMAowCAYGZ4EMAQIBMHUGCCsGAQUFBwEBBGkw
        ZzAtBggrBgEFBQcwAYYhaHR0cDovL29jc3Auc2NhMWIuYW1hem9udHJ1c3QuY29t
        MDYGCCsGAQUFBzAChipodHRwOi8vY3J0LnNjYTFiLmFtYXpvbnRydXN0LmNvbS9z
        Y2ExYi5jcnQwDAYDVR0TAQH/BAIwADCCAX0GCisGAQQB1nkCBAIEggFtBIIBaQFn
        AHYAKXm+8J45OSHwVnOfY6V35b5XfZxgCvj5TV0mXCVdx4QAAAF7vfDVkQAABAMA
        RzBFAiEA2XfHuy36aqRFiaL8c3md2mH451go8707+fRE0pEdSRACIE/g5FXTUXUZ
        PFcmOhm9TZ+uMY1i4CIQ/CKVWln6C3t+AHYAUaOw9f0BeZxWbbg3eI8MpHrMGyfL
        956IQpoN/tSLBeUAAAF7vfDVjAAABAMARzBFAiBF1MhhFP0+FQt3daDFfMYoWwnr
        muTInrjNpwfzlvQBugIhAPYadFzr+LaxSJoiZEbEHBvTts7bT0M3eCQONA2O7w6n
        AHUAQcjKsd8iRkoQxqE6CUKHXk4xixsD6+tLx2jwkGKWBvYAAAF7vfDVdAAABAMA
        RjBEAiAtPapmFAuA71ih4NoSd5hJelzAltNQpxDMcDfDyHyU8gIgWxmaa6+2KbBu
        9xdv379zvnJACFR7jc+4asl08Dn4aagwDQYJKoZIhvcNAQELBQADggEBAA54QX0u
        oFWXfMmv02CGZv4NWo5TapyeeixQ2kKpZHRdVZjxZrw+hoF6HD7P3kGjH8ztyJll
        tDxB0qgMltbPhQdScwhA6iTgoaBYqEUC/VHKd4PmmPT6yIsM36NBZVmkGlzl5uNo
        /dBgBaG0SsVJnhr5zro3c2quC7n6fVGEZhf/UgQwRnnvThnvbNKguglDMq4uEqv8
        njKyleht+glkcmXO0m9qLKt6BOS0amy6U2GlAwRn0Wx02ndJtnRCSC6kPuRWK/SQ
        FEjB7gCK4hdKaAOuWdZpI55vF6ifOeM8toC3g7ofO8qLTnJupAG+ZitY5J3cvHWr
        HqOUdKigPDHYLRo=
        -----END CERTIFICATE-----
        """;

    /// <summary>
    /// tests/FunctionalValidationsTest.php lines 52-105, the four HTTP messages, written as JSON (the PHP arrays'
    /// values verbatim; SNS signs the values, not the layout).
    /// </summary>
    private static readonly string[] VectorMessages =
    [
        """{"Type":"Notification","MessageId":"792cda85-518f-5dd3-9163-81d851212f3a","TopicArn":"arn:aws:sns:us-east-2:295079676684:publish-and-verify-892f85fe-4836-424d-8188-ab85bef0f362","Message":"Hello world","Timestamp":"2022-07-28T21:23:58.317Z","SignatureVersion":"1","Signature":"ghtf+deOBAzHJJZ6s6CdRLfTQAlcGzq9naoFM1wi0CJiq//uVRuZnamrkWNF0fhouMFvuLVRwcz8PZLUMSfnmd5VpdTKpTyiKmy1qJAZXma0w+yi7G+I33hD1Jyk1Nbym2n0kqp3fVu2aoooiN2ZeLAT2bH0/BtjLSfN1yAOKNoprco4qV9gGUZinXJdj9a1YdNhDR2jKi33ldlsVtEXAtiaDklGEk7DgRKX38GerBPiLg3FdtgY6KC7cdeGpU/dGK+4hjc83Ive1HoFkAwqhpgInM2sMytBosoiXfCmOKmU4xeGD0gHDNZTlJUJQDlzw8Eag0H9f/5zXF9d3uy0YQ==","SigningCertURL":"https://sns.us-east-2.amazonaws.com/SimpleNotificationService-7ff5318490ec183fbaddaa2a969abfda.pem","UnsubscribeURL":"https://sns.us-east-2.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=arn:aws:sns:us-east-2:295079676684:publish-and-verify-892f85fe-4836-424d-8188-ab85bef0f362:2296bc94-7992-4be1-b15f-b97229b5c1d8"}""",
        """{"Type":"Notification","MessageId":"17dea24b-55c2-540b-8362-f916557af765","TopicArn":"arn:aws:sns:us-east-2:295079676684:publish-and-verify-62674b1d-4295-426b-88e7-5fb75652a04e","Message":"Hello world","Timestamp":"2022-07-28T21:24:08.324Z","SignatureVersion":"2","Signature":"CXVqp9PfZAL+4JHS3Zxo1PFbQsvnOjvmYhtIf17TWpwc+iIVas8kZ8GopuzVzVMdatE7rCl/O4P91Zp05Dwz8lk8dLhfp8gSu3Njlzxlyrmzo9x3va3Jb7zFnedgS2GKnZWHGBdwTXho+TosNUE+3e10OMSlwN5XGDwX7+R3WL+rn+AXmFAqp3alg27sYa55h1dLE9cGszGPjScPdtF3BmZsUDMx9wSdNKsCk+vSvE8yBjnCmUl7laSFj3LzPVrlSwgNYCF3kYnNAkah7NplK4SFhJYLwS0HCVCQJKa8rVbQLf9cBTu60U402mrgy0bN8xWoyimzbYbrOMJjalqkUg==","SigningCertURL":"https://sns.us-east-2.amazonaws.com/SimpleNotificationService-7ff5318490ec183fbaddaa2a969abfda.pem","UnsubscribeURL":"https://sns.us-east-2.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=arn:aws:sns:us-east-2:295079676684:publish-and-verify-62674b1d-4295-426b-88e7-5fb75652a04e:ad7d16e3-0a7c-46aa-b23e-ffaf02250cbe"}""",
        """{"Type":"Notification","MessageId":"11405cc3-9ac7-56d5-b45d-079e8f7a8edf","TopicArn":"arn:aws:sns:us-east-2:295079676684:publish-and-verify-6e11fed2-fcdf-4c52-9dc4-36ef43f37f84","Subject":"Hello world","Message":"Hello world","Timestamp":"2022-07-28T22:53:49.654Z","SignatureVersion":"1","Signature":"AItkS26d8yvnIKJevdirIPW7eM/yKbZy3/CF2EreCHmXWB3etWaV5Fb7SYpGABMpugpDZzNyGY1wCVWaopDoQ+7Q/kI2TpDu8bw1eExbi8U3kduvc/2m2fIrI4gDEY8/v3nzoLcr8pPodqMzrX6SzQou4klfaqbNK+rFmH0LVf2Q1VyOROODoSXmo4jg2Yu12jfxccBl96Drr/ihq4MJ4OcrWh6UzXXlVYjJHx2Ui4anNwNEb+Z4C2CAF1DjQUbhDtaoajDBPY+4d9C1OwbqwQpXsd6tyVcI9nFyEsVK8lfnAV+/3GZQcdXHbIUYBRGcBa4X5TlWJku5nDH2ERtHHw==","SigningCertURL":"https://sns.us-east-2.amazonaws.com/SimpleNotificationService-7ff5318490ec183fbaddaa2a969abfda.pem","UnsubscribeURL":"https://sns.us-east-2.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=arn:aws:sns:us-east-2:295079676684:publish-and-verify-6e11fed2-fcdf-4c52-9dc4-36ef43f37f84:adb318c3-2234-4c56-905d-c324cf0df874"}""",
        """{"Type":"Notification","MessageId":"4504e649-d933-5aa9-8199-bd14ccf05f0b","TopicArn":"arn:aws:sns:us-east-2:295079676684:publish-and-verify-530b26da-0687-4fe4-9f71-780bad3181e2","Subject":"Hello world","Message":"Hello world","Timestamp":"2022-07-28T22:53:55.086Z","SignatureVersion":"2","Signature":"cETcSvmmkt+My05qCLKexyl0+RyG83mSryKPqTfS+tYcxDJWVcjPJAr+qdpElzVaBl1aTGYVWMY64i9JqZ/JES8pylNj8LGvdhuNQKO59/WCoIimZAsNhn0xEgOeeDU+W/0BU4sdpCGMNjo0S/FuIiWaRe4E0YWRVrxeQevaQ70euDdfWgd5v1eCKQz8b367b9XBmMztL/CWUFI6YaKK/MV21eyvJe3Y7CtVYiOKEYiAZnAEkynK7gUGO5TsgDjGNYhj6U3xYsWgI03bmioSl7kdFSUj+AZ7ugas5fghqxgoDsdfqsjMYKRm5KKHQWsgzI619yIzpNKUiSMHxdZXpQ==","SigningCertURL":"https://sns.us-east-2.amazonaws.com/SimpleNotificationService-7ff5318490ec183fbaddaa2a969abfda.pem","UnsubscribeURL":"https://sns.us-east-2.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=arn:aws:sns:us-east-2:295079676684:publish-and-verify-530b26da-0687-4fe4-9f71-780bad3181e2:db0ad2ad-03d1-48ca-a5da-51f317800a57"}""",
    ];

    private static readonly DateTimeOffset Now = Request.DefaultNow;

    string IProviderOracle.Provider => "aws-sns";

    ProviderSettings IProviderOracle.SettingsFor(string secret) => Settings(secret);

    Request IProviderOracle.Sign(string secret, byte[] body, DateTimeOffset signedAt) => Notification(secret, Encoding.UTF8.GetString(body), signedAt);

    /// <summary>A signed member changed, a member that names the certificate changed, or the signature itself.</summary>
    void IProviderOracle.Mutate(Request request, Random random)
    {
        var message = JsonNode.Parse(request.Body)!.AsObject();
        string[] targets = ["Message", "MessageId", "Timestamp", "TopicArn", "Type", "Signature", "SigningCertURL", "SignatureVersion"];
        var target = targets[random.Next(targets.Length)];
        var value = (string)message[target]!;
        message[target] = target switch
        {
            "SignatureVersion" => value == "1" ? "2" : "1",
            "Timestamp" => DateTimeOffset.Parse(value, System.Globalization.CultureInfo.InvariantCulture).AddSeconds(random.Next(1, 60)).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture),
            _ => value.Length == 0 ? "x" : Oracles.Change(value, random),
        };
        request.WithBody(message.ToJsonString());
    }

    /// <summary>
    /// The signed SubscriptionConfirmation: SNS chooses its token and message. Its SubscribeURL keeps to the rule, so
    /// that the firewall confirms it, and the tests' key server answers that GET as SNS does.
    /// </summary>
    IEnumerable<Request> IProviderOracle.HandshakesCarrying(string secret, string chosen)
    {
        TestEnvironment.Keys.ServePrefix(ConfirmPrefix, _ => Task.FromResult(KeyServer.Answer(System.Net.HttpStatusCode.OK, "<ConfirmSubscriptionResponse/>", "text/xml")));
        return [Confirmation(secret, SnsMessageType.Subscription, SubscribeUrl(Topic, SenderText.Query(chosen)), chosen, message: chosen)];
    }

    // --- The published vectors ---

    [Fact]
    public void Aws_signed_notifications_verify_at_their_own_time()
    {
        var verifier = VectorVerifier();
        foreach (var body in VectorMessages)
        {
            var message = JsonNode.Parse(body)!;
            var signedAt = DateTimeOffset.Parse((string)message["Timestamp"]!, System.Globalization.CultureInfo.InvariantCulture);
            var result = Expect.Verified(Request.Post(body).At(signedAt.AddMinutes(1)).VerifyWith(verifier));
            Assert.Equal((string)message["MessageId"]!, result.DeliveryId);
            Assert.Equal(signedAt, result.Timestamp);
        }
    }

    [Fact]
    public void Aws_signed_notification_a_year_later_fails_on_the_certificate_validity()
    {
        var result = Request.Post(VectorMessages[1]).At(new DateTimeOffset(2023, 7, 28, 21, 25, 0, TimeSpan.Zero)).VerifyWith(VectorVerifier());
        Expect.Failed(FailureCode.InvalidSignature, result);
        Assert.Contains("valid from 2021-09-07T00:00:00Z to 2022-08-17T23:59:59Z, not at the firewall's clock (2023-07-28T21:25:00Z)", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Aws_signed_notification_changed_in_a_signed_member_is_invalid_and_in_layout_still_verifies()
    {
        var verifier = VectorVerifier();
        var at = new DateTimeOffset(2022, 7, 28, 22, 54, 0, TimeSpan.Zero);
        Expect.Failed(FailureCode.InvalidSignature, Request.Post(VectorMessages[3].Replace("\"Message\":\"Hello world\"", "\"Message\":\"Hello World\"", StringComparison.Ordinal)).At(at).VerifyWith(verifier));
        Expect.Failed(FailureCode.InvalidSignature, Request.Post(VectorMessages[3].Replace("\"Subject\":\"Hello world\",", string.Empty, StringComparison.Ordinal)).At(at).VerifyWith(verifier));

        // What SNS signs is the members' values: whitespace between them, and the unsigned UnsubscribeURL, are not.
        var pretty = JsonNode.Parse(VectorMessages[3])!.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        Expect.Verified(Request.Post(pretty).At(at).VerifyWith(verifier));
    }

    // --- The contract's cases, for a provider that signs inside the body ---

    [Fact]
    public void Signed_notification_verifies_with_its_id_and_timestamp()
    {
        var result = Expect.Verified(Notification(Key, "order 7 shipped", Now, subject: "orders").VerifyWith(Verifier(Key)));
        Assert.Equal("msg-1", result.DeliveryId);
        Assert.Equal(Now, result.Timestamp);
    }

    [Fact]
    public void Notification_signed_with_sha1_verifies()
    {
        Expect.Verified(Notification(Key, "order 7 shipped", Now, version: "1").VerifyWith(Verifier(Key)));
    }

    [Fact]
    public void Notification_signed_by_another_key_under_the_pinned_url_is_invalid()
    {
        var request = Notification(WrongKey, "order 7 shipped", Now, certificateOf: Key);
        Expect.Failed(FailureCode.InvalidSignature, request.VerifyWith(Verifier(Key)));
    }

    [Fact]
    public void Second_pinned_certificate_verifies_as_index_1()
    {
        Expect.Verified(Notification(PreviousKey, "order 7 shipped", Now).VerifyWith(Verifier(Key, PreviousKey)), secretIndex: 1);
    }

    [Fact]
    public void Message_without_a_signature_is_missing_signature()
    {
        Expect.Failed(FailureCode.MissingSignature, Without(Notification(Key, "m", Now), "Signature").VerifyWith(Verifier(Key)));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("""{"Type":"Notification"} trailing""")]
    public void Body_that_is_not_an_sns_message_is_malformed(string body)
    {
        Expect.Failed(FailureCode.MalformedSignature, Request.Post(body).VerifyWith(Verifier(Key)));
    }

    [Fact]
    public void Members_repeated_spelled_otherwise_or_not_strings_are_malformed()
    {
        var verifier = Verifier(Key);
        var valid = Encoding.UTF8.GetString(Notification(Key, "m", Now).Body);
        string[] broken =
        [
            valid.Replace("{", """{"Message":"another",""", StringComparison.Ordinal),     // repeated: which copy was signed?
            valid.Replace("{", """{"message":"another",""", StringComparison.Ordinal),     // a case variant one AWS SDK would match
            valid.Replace("\"MessageId\":\"msg-1\"", "\"MessageId\":1", StringComparison.Ordinal),
            valid.Replace("\"SignatureVersion\":\"2\"", "\"SignatureVersion\":\"3\"", StringComparison.Ordinal),
            valid.Replace("\"Type\":\"Notification\"", "\"Type\":\"Event\"", StringComparison.Ordinal),
            valid.Replace("\"Timestamp\":\"", "\"Timestamp\":\"yesterday ", StringComparison.Ordinal),
            Encoding.UTF8.GetString(Without(Notification(Key, "m", Now), "Timestamp").Body),
            Encoding.UTF8.GetString(Without(Notification(Key, "m", Now), "MessageId").Body),
            Encoding.UTF8.GetString(With(Notification(Key, "m", Now), "Signature", "not base64!").Body),
        ];
        foreach (var body in broken)
        {
            var result = Request.Post(body).VerifyWith(verifier);
            Assert.True(result.Failure == FailureCode.MalformedSignature, $"{body}: {result}");
        }
    }

    [Fact]
    public void Raw_message_delivery_is_refused_with_the_reason()
    {
        var result = Notification(Key, "m", Now).Header("x-amz-sns-rawdelivery", "true").VerifyWith(Verifier(Key));
        Expect.Failed(FailureCode.MalformedSignature, result);
        Assert.Contains("raw message delivery", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Timestamp_is_held_to_the_one_hour_window_of_the_provider_by_default()
    {
        Assert.Equal(TimeSpan.FromHours(1), Info.DefaultReplayWindow);
        Assert.Equal(TimeSpan.FromHours(1), Info.RetryHorizon);
        var verifier = Verifiers.Create("aws-sns", Settings(Key) with { ReplayWindow = Info.DefaultReplayWindow });
        Expect.Verified(Notification(Key, "m", Now.AddMinutes(-60)).VerifyWith(verifier));
        Expect.Failed(FailureCode.TimestampOutOfWindow, Notification(Key, "m", Now.AddMinutes(-61)).VerifyWith(verifier));
        Expect.Failed(FailureCode.TimestampOutOfWindow, Notification(Key, "m", Now.AddMinutes(61)).VerifyWith(verifier));
        Expect.Failed(FailureCode.InvalidSignature, Notification(WrongKey, "m", Now.AddDays(-1), certificateOf: Key).VerifyWith(verifier));
    }

    [Fact]
    public async Task Topic_not_listed_is_refused_before_any_certificate_is_looked_up()
    {
        var (server, environment) = IsolatedEnvironment();
        var verifier = Create(Settings(Key) with { TopicArns = ["arn:aws:sns:us-east-1:123456789012:other"] }, environment);
        var request = Notification(Key, "m", Now);
        Expect.Failed(FailureCode.InvalidSignature, request.VerifyWith(verifier));
        Expect.Failed(FailureCode.InvalidSignature, await request.VerifyAsyncWith(verifier));
        Assert.Empty(server.Received);
    }

    [Theory]
    [InlineData("https://sns.us-west-2.amazonaws.com/SimpleNotificationService-0123456789abcdef0123456789abcdef.pem")]   // another region than the topic's
    [InlineData("http://sns.us-east-1.amazonaws.com/SimpleNotificationService-0123456789abcdef0123456789abcdef.pem")]    // not https
    [InlineData("https://sns.us-east-1.amazonaws.com.evil.example/SimpleNotificationService-0123456789abcdef0123456789abcdef.pem")]
    [InlineData("https://evil.example/sns.us-east-1.amazonaws.com/SimpleNotificationService-0123456789abcdef0123456789abcdef.pem")]
    [InlineData("https://sns.us-east-1.amazonaws.com:8443/SimpleNotificationService-0123456789abcdef0123456789abcdef.pem")]
    [InlineData("https://user@sns.us-east-1.amazonaws.com/SimpleNotificationService-0123456789abcdef0123456789abcdef.pem")]
    [InlineData("https://sns.us-east-1.amazonaws.com/SimpleNotificationService-0123456789abcdef0123456789abcdef.pem?x=.pem")]
    [InlineData("https://sns.us-east-1.amazonaws.com/SimpleNotificationService-0123456789abcdef0123456789abcdef.pem#x")]
    [InlineData("https://sns.us-east-1.amazonaws.com/x/../SimpleNotificationService-0123456789abcdef0123456789abcdef.pem")]
    [InlineData("https://sns.us-east-1.amazonaws.com/SimpleNotificationService-0123456789ABCDEF0123456789ABCDEF.pem")]
    [InlineData("https://sns.us-east-1.amazonaws.com/SimpleNotificationService-0123456789abcdef.pem")]
    [InlineData("https://sns.us-east-1.amazonaws.com/other.pem")]
    [InlineData("https://SNS.us-east-1.amazonaws.com/SimpleNotificationService-0123456789abcdef0123456789abcdef.pem")]
    public async Task Certificate_url_outside_the_rule_is_refused_and_never_fetched(string url)
    {
        var (server, environment) = IsolatedEnvironment();
        server.Serve(url, TestCertificates.Pem(Key, SnsSubject));
        var verifier = Create(Settings() with { TopicArns = [Topic] }, environment);
        var request = Notification(Key, "m", Now, certificateUrl: url);
        Expect.Failed(FailureCode.InvalidSignature, request.VerifyWith(verifier));
        Expect.Failed(FailureCode.InvalidSignature, await request.VerifyAsyncWith(verifier));
        Assert.Empty(server.Received);
    }

    [Fact]
    public async Task Certificate_not_pinned_is_key_unavailable_synchronously_and_fetched_asynchronously()
    {
        var (server, environment) = IsolatedEnvironment();
        var url = CertificateUrl(Key);
        server.Serve(url, TestCertificates.Pem(Key, SnsSubject), contentType: "application/x-pem-file");
        var verifier = Create(Settings() with { TopicArns = [Topic] }, environment);
        var request = Notification(Key, "m", Now);

        var first = request.VerifyWith(verifier);
        Expect.Failed(FailureCode.KeyUnavailable, first);
        Assert.Empty(server.Received);

        Expect.Verified(await request.VerifyAsyncWith(verifier));
        Assert.Equal(1, server.CountFor(url));

        // Cached: a verifier rebuilt by a config reload verifies synchronously, and nothing is fetched again.
        Expect.Verified(request.VerifyWith(Create(Settings() with { TopicArns = [Topic] }, environment)));
        Expect.Verified(await request.VerifyAsyncWith(verifier));
        Assert.Equal(1, server.CountFor(url));
    }

    [Fact]
    public async Task Offline_environment_fetches_nothing_and_says_so()
    {
        var verifier = Create(Settings() with { TopicArns = [Topic] }, ProviderEnvironment.Offline);
        var result = await Notification(Key, "m", Now).VerifyAsyncWith(verifier);
        Expect.Failed(FailureCode.KeyUnavailable, result);
        Assert.StartsWith("offline", result.Reason, StringComparison.Ordinal);

        // Pinned certificates need no fetch, offline or not.
        Expect.Verified(await Notification(Key, "m", Now).VerifyAsyncWith(Create(Settings(Key), ProviderEnvironment.Offline)));
    }

    [Fact]
    public async Task Fetched_certificate_with_another_subject_or_expired_verifies_nothing()
    {
        var (server, environment) = IsolatedEnvironment();
        server.Serve(CertificateUrl(Key), TestCertificates.Pem(Key, "sns.example.com"));
        var verifier = Create(Settings() with { TopicArns = [Topic] }, environment);
        var result = await Notification(Key, "m", Now, certificateSubject: "sns.example.com").VerifyAsyncWith(verifier);
        Expect.Failed(FailureCode.InvalidSignature, result);
        Assert.Contains("CN=sns.amazonaws.com", result.Reason, StringComparison.Ordinal);

        var late = Notification(Key, "m", TestCertificates.NotAfter.AddDays(1)).At(TestCertificates.NotAfter.AddDays(1));
        Expect.Failed(FailureCode.InvalidSignature, late.VerifyWith(Verifier(Key)));
    }

    // --- The subscription handshakes ---

    [Fact]
    public async Task Subscription_confirmation_is_confirmed_by_the_firewall_and_never_forwarded()
    {
        var (server, environment) = IsolatedEnvironment();
        var subscribeUrl = SubscribeUrl(Topic, "2336412f37fb687f5d51e6e2425c464d");
        server.Serve(subscribeUrl, "<ConfirmSubscriptionResponse/>", contentType: "text/xml");
        var verifier = Create(Settings(Key), environment);
        var request = Confirmation(Key, SnsMessageType.Subscription, subscribeUrl, "2336412f37fb687f5d51e6e2425c464d");

        var answer = Expect.Challenge(await request.VerifyAsyncWith(verifier));
        Assert.Equal(200, answer.StatusCode);
        Assert.Equal(string.Empty, answer.Body);
        Assert.Empty(answer.Headers);
        Assert.Equal([new Received("GET", subscribeUrl, null, null)], server.Received);

        // SNS's copies of the same request, meanwhile, need no second GET.
        Expect.Challenge(await request.VerifyAsyncWith(verifier));
        Assert.Single(server.Received);
    }

    [Fact]
    public void Subscription_confirmation_needs_the_asynchronous_path()
    {
        var verifier = Verifier(Key);
        var request = Confirmation(Key, SnsMessageType.Subscription, SubscribeUrl(Topic, "t0ken"), "t0ken");
        Expect.Failed(FailureCode.KeyUnavailable, request.VerifyWith(verifier));
    }

    [Fact]
    public async Task Subscription_confirmation_whose_get_fails_is_key_unavailable_and_not_forwarded()
    {
        var (server, environment) = IsolatedEnvironment();
        var subscribeUrl = SubscribeUrl(Topic, "t0ken");
        server.Serve(subscribeUrl, "<Error/>", System.Net.HttpStatusCode.InternalServerError);
        var result = await Confirmation(Key, SnsMessageType.Subscription, subscribeUrl, "t0ken").VerifyAsyncWith(Create(Settings(Key), environment));
        Expect.Failed(FailureCode.KeyUnavailable, result);
        Assert.Contains("answered 500", result.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://sns.us-west-2.amazonaws.com/?Action=ConfirmSubscription&TopicArn=arn:aws:sns:us-east-1:123456789012:orders&Token=t0ken")]
    [InlineData("https://evil.example/?Action=ConfirmSubscription&TopicArn=arn:aws:sns:us-east-1:123456789012:orders&Token=t0ken")]
    [InlineData("http://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=arn:aws:sns:us-east-1:123456789012:orders&Token=t0ken")]
    [InlineData("https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&TopicArn=arn:aws:sns:us-east-1:123456789012:orders&Token=t0ken")]
    [InlineData("https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=arn:aws:sns:us-east-1:123456789012:other&Token=t0ken")]
    [InlineData("https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=arn:aws:sns:us-east-1:123456789012:orders&Token=another")]
    [InlineData("https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=arn:aws:sns:us-east-1:123456789012:orders&Token=t0ken&Next=https://evil.example/")]
    [InlineData("https://sns.us-east-1.amazonaws.com/redirect?Action=ConfirmSubscription&TopicArn=arn:aws:sns:us-east-1:123456789012:orders&Token=t0ken")]
    public async Task Subscription_confirmation_with_a_subscribe_url_outside_the_rule_is_refused_without_a_get(string subscribeUrl)
    {
        var (server, environment) = IsolatedEnvironment();
        var result = await Confirmation(Key, SnsMessageType.Subscription, subscribeUrl, "t0ken").VerifyAsyncWith(Create(Settings(Key), environment));
        Expect.Failed(FailureCode.MalformedSignature, result);
        Assert.Empty(server.Received);
    }

    [Fact]
    public async Task Unsigned_or_foreign_subscription_confirmation_is_refused_without_a_get()
    {
        var (server, environment) = IsolatedEnvironment();
        var verifier = Create(Settings(Key), environment);
        var subscribeUrl = SubscribeUrl(Topic, "t0ken");
        Expect.Failed(FailureCode.InvalidSignature, await Confirmation(WrongKey, SnsMessageType.Subscription, subscribeUrl, "t0ken", certificateOf: Key).VerifyAsyncWith(verifier));
        Expect.Failed(FailureCode.MissingSignature, await Without(Confirmation(Key, SnsMessageType.Subscription, subscribeUrl, "t0ken"), "Signature").VerifyAsyncWith(verifier));
        Expect.Failed(FailureCode.TimestampOutOfWindow, await Confirmation(Key, SnsMessageType.Subscription, subscribeUrl, "t0ken", signedAt: Now.AddHours(-2)).VerifyAsyncWith(verifier));
        Assert.Empty(server.Received);
    }

    [Fact]
    public async Task Unsubscribe_confirmation_is_forwarded()
    {
        var request = Confirmation(Key, SnsMessageType.Unsubscribe, SubscribeUrl(Topic, "t0ken"), "t0ken");
        Assert.Equal("msg-1", Expect.Verified(await request.VerifyAsyncWith(Verifier(Key))).DeliveryId);
    }

    [Fact]
    public async Task Confirmation_answer_is_no_signature_of_any_delivery()
    {
        var (server, environment) = IsolatedEnvironment();
        var subscribeUrl = SubscribeUrl(Topic, "t0ken");
        server.Serve(subscribeUrl, "<ConfirmSubscriptionResponse/>");
        var answer = Expect.Challenge(await Confirmation(Key, SnsMessageType.Subscription, subscribeUrl, "t0ken").VerifyAsyncWith(Create(Settings(Key), environment)));

        // An empty 200 carries nothing a delivery could be signed with: the signature is the certificate holder's.
        Assert.Equal(string.Empty, answer.Body);
        Assert.Empty(answer.Headers);
        Assert.Null(answer.ContentType);
    }

    // --- Settings, traits and `sign` ---

    [Fact]
    public void Needs_topic_arns_and_refuses_what_it_does_not_use()
    {
        Assert.Contains(Verifiers.Problems("aws-sns", new ProviderSettings()), p => p.Key == "TopicArns");
        Assert.Contains(Verifiers.Problems("aws-sns", new ProviderSettings { TopicArns = ["orders"] }), p => p.Key == "TopicArns:0");
        Assert.Contains(Verifiers.Problems("aws-sns", Settings(Key) with { Secrets = ["s"] }), p => p.Key == "Secrets");
        Assert.Contains(Verifiers.Problems("aws-sns", Settings(Key) with { KeyEndpoint = "http://127.0.0.1:1/" }), p => p.Key == "KeyEndpoint");
    }

    [Fact]
    public void Pinned_certificates_are_checked_at_config_time()
    {
        var good = TestCertificates.Pem(Key, SnsSubject);
        Assert.Contains(Verifiers.Problems("aws-sns", new ProviderSettings { TopicArns = [Topic], SigningCertificates = [new("https://example.com/cert.pem", good)] }), p => p.Key == "SigningCertificates:0:Url");
        Assert.Contains(Verifiers.Problems("aws-sns", new ProviderSettings { TopicArns = [Topic], SigningCertificates = [new(CertificateUrl(Key), "not a certificate")] }), p => p.Key == "SigningCertificates:0:File");
        Assert.Contains(Verifiers.Problems("aws-sns", new ProviderSettings { TopicArns = [Topic], SigningCertificates = [new(CertificateUrl(Key), TestCertificates.Pem(Key, "example.com"))] }), p => p.Key == "SigningCertificates:0:File");
        Assert.Contains(Verifiers.Problems("aws-sns", new ProviderSettings { TopicArns = [Topic], SigningCertificates = [new(CertificateUrl(Key), good), new(CertificateUrl(Key), good)] }), p => p.Key == "SigningCertificates:1:Url");
    }

    [Fact]
    public void Delivery_is_keyed_by_the_signed_message_id()
    {
        var verifier = Verifier(Key);
        Assert.Equal(IdempotencyKeyKind.DeliveryId, verifier.DefaultKeyKind);
        Assert.True(verifier.SignsTimestamp);
        Assert.Equal(["Token", "SubscribeURL", "UnsubscribeURL"], verifier.Info.CredentialFields);
        Assert.Equal("x-amz-sns-message-type", verifier.Info.EventTypeHeader);
        Assert.True(verifier.Info.SignsWithPrivateKey);
    }

    [Fact]
    public void Sign_verb_writes_a_message_the_firewall_verifies()
    {
        var problems = new List<SettingProblem>();
        var signer = ProviderCatalogue.CreateSigner("aws-sns", TestCertificates.PrivateKey(Key, SnsSubject), Settings(Key), problems);
        Assert.Empty(problems);
        var input = new SigningInput("""{"Message":"order 7 shipped","Subject":"orders"}"""u8.ToArray(), Now, "delivery-7");
        var headers = new List<KeyValuePair<string, string>>();
        signer!.Sign(input, headers);
        var request = Request.Post(signer.SignedBody(input));
        foreach (var (name, value) in headers)
        {
            request.Header(name, value);
        }

        var result = Expect.Verified(request.VerifyWith(Verifier(Key)));
        Assert.Equal("delivery-7", result.DeliveryId);
        Assert.Equal("Notification", request.Headers.Get("x-amz-sns-message-type").Value);
        Assert.Null(ProviderCatalogue.CreateSigner("aws-sns", "not a key", Settings(Key), problems));
        Assert.Contains(problems, p => p.Key == "Secret");
    }

    // --- How the tests make SNS messages ---

    private enum SnsMessageType
    {
        Subscription,
        Unsubscribe,
    }

    private static ProviderInfo Info => ProviderCatalogue.All.Single(p => p.Name == "aws-sns");

    private static IWebhookVerifier VectorVerifier() => Verifiers.Create("aws-sns", new ProviderSettings
    {
        TopicArns = VectorMessages.Select(m => (string)JsonNode.Parse(m)!["TopicArn"]!).ToArray(),
        SigningCertificates = [new PinnedCertificate(VectorCertificateUrl, VectorCertificate)],
        ReplayWindow = TimeSpan.FromHours(1),
    });

    private static IWebhookVerifier Verifier(params string[] keys) => Verifiers.Create("aws-sns", Settings(keys));

    private static ProviderSettings Settings(params string[] keys) => new()
    {
        TopicArns = [Topic],
        SigningCertificates = keys.Select(k => new PinnedCertificate(CertificateUrl(k), TestCertificates.Pem(k, SnsSubject))).ToArray(),
    };

    private static IWebhookVerifier Create(ProviderSettings settings, ProviderEnvironment environment)
    {
        var problems = new List<SettingProblem>();
        var verifier = ProviderCatalogue.Create("aws-sns", settings, problems, environment);
        Assert.Empty(problems);
        return verifier!;
    }

    private static (KeyServer Server, ProviderEnvironment Environment) IsolatedEnvironment()
    {
        var server = new KeyServer();
        return (server, new ProviderEnvironment(server, TimeProvider.System, KeyFetchLimits.Default, offline: false));
    }

    /// <summary>An SNS host's certificate URL for a key: the topic's region, 32 hex digits named by the key.</summary>
    private static string CertificateUrl(string key) =>
        $"https://sns.us-east-1.amazonaws.com/SimpleNotificationService-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)).AsSpan(0, 16))}.pem";

    private const string ConfirmPrefix = "https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&";

    private static string SubscribeUrl(string topic, string token) =>
        $"{ConfirmPrefix}TopicArn={topic}&Token={token}";

    private static Request Notification(string key, string message, DateTimeOffset signedAt, string? subject = null, string version = "2", string? certificateOf = null, string? certificateUrl = null, string certificateSubject = SnsSubject)
    {
        var fields = new JsonObject { ["Type"] = "Notification", ["MessageId"] = "msg-1", ["TopicArn"] = Topic };
        if (subject is not null)
        {
            fields["Subject"] = subject;
        }

        fields["Message"] = message;
        fields["Timestamp"] = Timestamp(signedAt);
        return Signed(fields, key, version, certificateUrl ?? CertificateUrl(certificateOf ?? key), certificateSubject);
    }

    private static Request Confirmation(string key, SnsMessageType type, string subscribeUrl, string token, DateTimeOffset? signedAt = null, string? certificateOf = null, string? message = null)
    {
        var fields = new JsonObject
        {
            ["Type"] = type == SnsMessageType.Subscription ? "SubscriptionConfirmation" : "UnsubscribeConfirmation",
            ["MessageId"] = "msg-1",
            ["Token"] = token,
            ["TopicArn"] = Topic,
            ["Message"] = message ?? "You have chosen to subscribe to the topic " + Topic,
            ["SubscribeURL"] = subscribeUrl,
            ["Timestamp"] = Timestamp(signedAt ?? Now),
        };
        return Signed(fields, key, "1", CertificateUrl(certificateOf ?? key), SnsSubject);
    }

    /// <summary>
    /// Signs as SNS does: `name\nvalue\n` for the type's signed members in byte order of the names (Notification:
    /// Message, MessageId, Subject if any, Timestamp, TopicArn, Type; confirmations: Message, MessageId,
    /// SubscribeURL, Timestamp, Token, TopicArn, Type), RSA PKCS#1 v1.5, SHA1 for version 1, SHA256 for 2.
    /// </summary>
    private static Request Signed(JsonObject fields, string key, string version, string certificateUrl, string certificateSubject)
    {
        string[] signedNames = (string)fields["Type"]! == "Notification"
            ? ["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"]
            : ["Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"];
        var text = new StringBuilder();
        foreach (var name in signedNames.Where(fields.ContainsKey))
        {
            text.Append(name).Append('\n').Append((string)fields[name]!).Append('\n');
        }

        var hash = version == "1" ? HashAlgorithmName.SHA1 : HashAlgorithmName.SHA256;
        fields["SignatureVersion"] = version;
        fields["Signature"] = Convert.ToBase64String(TestCertificates.SignRsa(key, certificateSubject, Encoding.UTF8.GetBytes(text.ToString()), hash));
        fields["SigningCertURL"] = certificateUrl;
        return Request.Post(fields.ToJsonString())
            .Header("x-amz-sns-message-type", (string)fields["Type"]!)
            .Header("x-amz-sns-message-id", (string)fields["MessageId"]!)
            .Header("x-amz-sns-topic-arn", Topic);
    }

    private static Request Without(Request request, string member)
    {
        var message = JsonNode.Parse(request.Body)!.AsObject();
        message.Remove(member);
        return request.WithBody(message.ToJsonString());
    }

    private static Request With(Request request, string member, string value)
    {
        var message = JsonNode.Parse(request.Body)!.AsObject();
        message[member] = value;
        return request.WithBody(message.ToJsonString());
    }

    private static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
