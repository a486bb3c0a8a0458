using System.Text;
using WebhookFirewall.Verification;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>
/// SendGrid's Signed Event Webhook. Published vectors: sendgrid/sendgrid-python, test/unit/test_eventwebhook.py (the
/// current one) and test/test_eventwebhook.py (an earlier key and payload, with its one-character "bad signature").
/// Other requests are signed here with .NET's ECDSA (<see cref="KeyPairs.EcdsaSign"/>).
/// </summary>
public sealed class SendGridTests : PublicKeyProviderContract
{
    private const string VectorPublicKey = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE83T4O/n84iotIvIW4mdBgQ/7dAfSmpqIM8kF9mN1flpVKS3GRqe62gw+2fNNRaINXvVpiglSI8eNEc6wEA3F+g==";
    private const string VectorSignature = "MEUCIGHQVtGj+Y3LkG9fLcxf3qfI10QysgDWmMOVmxG0u6ZUAiEAyBiXDWzM+uOe5W0JuG+luQAbPIqHh89M15TluLtEZtM=";
    private const long VectorTimestamp = 1600112502;

    /// <summary>The test's `json.dumps([...], sort_keys=True, separators=(',', ':')) + '\r\n'`, byte for byte.</summary>
    private const string VectorPayload = """[{"email":"hello@world.com","event":"dropped","reason":"Bounced Address","sg_event_id":"ZHJvcC0xMDk5NDkxOS1MUnpYbF9OSFN0T0doUTRrb2ZTbV9BLTA","sg_message_id":"LRzXl_NHStOGhQ4kofSm_A.filterdrecv-p3mdw1-756b745b58-kmzbl-18-5F5FC76C-9.0","smtp-id":"<LRzXl_NHStOGhQ4kofSm_A@ismtpd0039p1iad1.sendgrid.net>","timestamp":1600112492}]""" + "\r\n";

    protected override string Provider => "sendgrid";

    protected override string SignatureHeader => "X-Twilio-Email-Event-Webhook-Signature";

    protected override string TimestampHeader => "X-Twilio-Email-Event-Webhook-Timestamp";

    /// <summary>The private key as the `sign` verb takes it: base64 PKCS#8 P-256.</summary>
    protected override string ConfiguredSecret(string secret) => KeyPairs.EcdsaPrivateKey(secret);

    protected override string PublicKeyFor(string privateKey) => KeyPairs.EcdsaPublicKey(privateKey);

    protected override string SignatureFor(string privateKey, string timestamp, byte[] body) => KeyPairs.EcdsaSign(privateKey, timestamp, body);

    protected override IEnumerable<string> MalformedSignatures =>
    [
        "",
        "!!!!",
        Convert.ToBase64String(new byte[70]),                                      // not a DER sequence
        Convert.ToBase64String([0x30, 0x10, .. new byte[68]]),                     // sequence length disagrees
        Convert.ToBase64String([0x30, 0x7F, .. new byte[127]]),                    // longer than any P-256 signature
        Convert.ToHexString(Convert.FromBase64String(VectorSignature)),
    ];

    protected override IEnumerable<string> InvalidPublicKeys =>
    [
        "not base64!",
        Convert.ToBase64String(new byte[91]),
        VectorPublicKey[..^8],
        RsaPublicKey(),
        P384PublicKey(),
    ];

    [Fact]
    public void Sendgrid_python_vector_verifies_at_its_own_time()
    {
        var verifier = Verifiers.Create("sendgrid", new ProviderSettings { PublicKey = VectorPublicKey });
        var request = VectorRequest();

        var result = Expect.Verified(request.VerifyWith(verifier));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(VectorTimestamp), result.Timestamp);
        Assert.Equal("ZHJvcC0xMDk5NDkxOS1MUnpYbF9OSFN0T0doUTRrb2ZTbV9BLTA", result.DeliveryId);

        // The test file's own negative cases: another payload, another timestamp, another key.
        Expect.Failed(FailureCode.InvalidSignature, VectorRequest().WithBody("payload").VerifyWith(verifier));
        Expect.Failed(FailureCode.InvalidSignature, VectorRequest().WithBody(VectorPayload.TrimEnd()).VerifyWith(verifier));
        Expect.Failed(FailureCode.MalformedSignature, VectorRequest().ReplaceHeader(TimestampHeader, "timestamp").VerifyWith(verifier));
        var otherKey = Verifiers.Create("sendgrid", new ProviderSettings { PublicKey = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEqTxd43gyp8IOEto2LdIfjRQrIbsd4SXZkLW6jDutdhXSJCWHw8REntlo7aNDthvj+y7GjUuFDb/R1NGe1OPzpA==" });
        Expect.Failed(FailureCode.InvalidSignature, VectorRequest().VerifyWith(otherKey));

        // And the policy's replay window: the vector is years old.
        Expect.Failed(FailureCode.TimestampOutOfWindow, VectorRequest().At(Now).VerifyWith(verifier));
    }

    [Fact]
    public void Earlier_sendgrid_python_vector_and_its_bad_signature()
    {
        const string payload = """{"category":"example_payload","event":"test_event","message_id":"message_id"}""";
        var verifier = Verifiers.Create("sendgrid", new ProviderSettings { PublicKey = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEEDr2LjtURuePQzplybdC+u4CwrqDqBaWjcMMsTbhdbcwHBcepxo7yAQGhHPTnlvFYPAZFceEu/1FwCM/QmGUhA==" });
        Request Make(string signature) => Request.Post(payload)
            .Header(SignatureHeader, signature)
            .Header(TimestampHeader, "1588788367")
            .At(DateTimeOffset.FromUnixTimeSeconds(1588788367));

        Expect.Verified(Make("MEUCIQCtIHJeH93Y+qpYeWrySphQgpNGNr/U+UyUlBkU6n7RAwIgJTz2C+8a8xonZGi6BpSzoQsbVRamr2nlxFDWYNH2j/0=").VerifyWith(verifier));
        Expect.Failed(FailureCode.InvalidSignature, Make("MEUCIQCtIHJeH93Y+qpYeWrySphQgpNGNr/U+UyUlBkU6n7RAwIgJTz2C+8a8xonZGi6BpSzoQsbVRamr2nlxFDWYNH3j/0=").VerifyWith(verifier));
    }

    [Fact]
    public void A_batch_of_several_events_has_no_delivery_id()
    {
        var one = Encoding.UTF8.GetBytes("""[{"email":"a@example.com","event":"open","sg_event_id":"ev-1"}]""");
        var two = Encoding.UTF8.GetBytes("""[{"email":"a@example.com","event":"open","sg_event_id":"ev-1"},{"email":"b@example.com","event":"open","sg_event_id":"ev-2"}]""");
        Assert.Equal("ev-1", Expect.Verified(Signed(ConfiguredSecret(Secret), one, Now).VerifyWith(Verifier(Secret))).DeliveryId);
        Assert.Null(Expect.Verified(Signed(ConfiguredSecret(Secret), two, Now).VerifyWith(Verifier(Secret))).DeliveryId);
    }

    [Fact]
    public void Signature_of_the_right_shape_that_is_not_valid_ecdsa_is_invalid_not_an_exception()
    {
        // A DER sequence of two zero integers: well formed, but r = s = 0 is never a signature.
        var zeros = Convert.ToBase64String([0x30, 0x06, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00]);
        var verifier = Verifiers.Create("sendgrid", new ProviderSettings { PublicKey = VectorPublicKey });
        Expect.Failed(FailureCode.InvalidSignature, VectorRequest().ReplaceHeader(SignatureHeader, zeros).VerifyWith(verifier));
    }

    private Request VectorRequest() => Request.Post(VectorPayload)
        .Header(SignatureHeader, VectorSignature)
        .Header(TimestampHeader, VectorTimestamp.ToString(System.Globalization.CultureInfo.InvariantCulture))
        .At(DateTimeOffset.FromUnixTimeSeconds(VectorTimestamp));

    private static string RsaPublicKey()
    {
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        return Convert.ToBase64String(rsa.ExportSubjectPublicKeyInfo());
    }

    private static string P384PublicKey()
    {
        using var ecdsa = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP384);
        return Convert.ToBase64String(ecdsa.ExportSubjectPublicKeyInfo());
    }
}
