using System.Globalization;
using System.IO.Hashing;
using System.Security.Cryptography;
using System.Text;
using WebhookFirewall.Verification;
using WebhookFirewall.Verification.Primitives;
using WebhookFirewall.Verification.Providers;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>
/// PayPal. Published vectors: two events really signed by PayPal's sandbox, with their certificates —
/// paypal/PayPal-node-SDK@965a132d7f5d5880840e55d82f9dbc80eb44e159 test/notification.js and test/mocks/notification.js,
/// and paypal/PayPal-Java-SDK@2a34212256626707c89d9c0d9ac7bcdb5935fa5e
/// rest-api-sdk/src/test/java/com/paypal/base/ValidateCertTest.java with rest-api-sdk/src/test/resources/testClientCert.crt.
/// Other requests are signed here with .NET's RSA by self-made certificates, over the string the SDKs build
/// (PayPal-node-SDK@d798869012d8a007637a4648075b6c5220169aaf lib/resources/Notification.js:111-156:
/// `transmission id|transmission time|webhook id|crc32(body)` unsigned, SHA256withRSA), the CRC from
/// System.IO.Hashing.
/// </summary>
public sealed class PayPalTests : TimestampSigningProviderContract
{
    private const string WebhookId = "8PT597110X687430LKGECATA";
    private const string PayPalSubject = "messageverificationcerts.paypal.com";
    private const string TransmissionId = "69cd13f0-d67a-11e5-baa3-778b53f4ae55";

    /// <summary>test/notification.js line 36, `eventBody` (1,288 bytes, no trailing newline).</summary>
    private const string NodeVectorBody = """{"id":"WH-0G2756385H040842W-5Y612302CV158622M","create_time":"2015-05-18T15:45:13Z","resource_type":"sale","event_type":"PAYMENT.SALE.COMPLETED","summary":"Payment completed for $ 20.0 USD","resource":{"id":"4EU7004268015634R","create_time":"2015-05-18T15:44:02Z","update_time":"2015-05-18T15:44:21Z","amount":{"total":"20.00","currency":"USD"},"payment_mode":"INSTANT_TRANSFER","state":"completed","protection_eligibility":"ELIGIBLE","protection_eligibility_type":"ITEM_NOT_RECEIVED_ELIGIBLE,UNAUTHORIZED_PAYMENT_ELIGIBLE","parent_payment":"PAY-86C81811X5228590KKVNARQQ","transaction_fee":{"value":"0.88","currency":"USD"},"links":[{"href":"https://api.sandbox.paypal.com/v1/payments/sale/4EU7004268015634R","rel":"self","method":"GET"},{"href":"https://api.sandbox.paypal.com/v1/payments/sale/4EU7004268015634R/refund","rel":"refund","method":"POST"},{"href":"https://api.sandbox.paypal.com/v1/payments/payment/PAY-86C81811X5228590KKVNARQQ","rel":"parent_payment","method":"GET"}]},"links":[{"href":"https://api.sandbox.paypal.com/v1/notifications/webhooks-events/WH-0G2756385H040842W-5Y612302CV158622M","rel":"self","method":"GET"},{"href":"https://api.sandbox.paypal.com/v1/notifications/webhooks-events/WH-0G2756385H040842W-5Y612302CV158622M/resend","rel":"resend","method":"POST"}]}""";

    /// <summary>test/notification.js lines 40-44.</summary>
    private const string NodeVectorSignature = "thy4/U002quzxFavHPwbfJGcc46E8rc5jzgyeafWm5mICTBdY/8rl7WJpn8JA0GKA+oDTPsSruqusw+XXg5RLAP7ip53Euh9Xu3UbUhQFX7UgwzE2FeYoY6lyRMiiiQLzy9BvHfIzNIVhPad4KnC339dr6y2l+mN8ALgI4GCdIh3/SoJO5wE64Bh/ueWtt8EVuvsvXfda2Le5a2TrOI9vLEzsm9GS79hAR/5oLexNz8UiZr045Mr5ObroH4w4oNfmkTaDk9Rj0G19uvISs5QzgmBpauKr7Nw++JI0pr/v5mFctQkoWJSGfBGzPRXawrvIIVHQ9Wer48GR2g9ZiApWg==";

    /// <summary>test/mocks/notification.js line 166, the certificate the cert URL answered (CRLF line ends there).</summary>
    private const string NodeVectorCertificate = """
        -----BEGIN CERTIFICATE-----
        MIIHqDCCBpCgAwIBAgIQCSVMkxB1Kw9SPZtpAr3lTDANBgkqhkiG9w0BAQsFADB1
        MQswCQYDVQQGEwJVUzEVMBMGA1UEChMMRGlnaUNlcnQgSW5jMRkwFwYDVQQLExB3
        d3cuZGlnaWNlcnQuY29tMTQwMgYDVQQDEytEaWdpQ2VydCBTSEEyIEV4dGVuZGVk
        IFZhbGlkYXRpb24gU2VydmVyIENBMB4XDTE1MDMxODAwMDAwMFoXDTE3MDMyMjEy
        MDAwMFowggElMR0wGwYDVQQPDBRQcml2YXRlIE9yZ2FuaXphdGlvbjETMBEGCysG
        AQQBgjc8AgEDEwJVUzEZMBcGCysGAQQBgjc8AgECEwhEZWxhd2FyZTEQMA4GA1UE
        BRMHMzAxNDI2NzEWMBQGA1UECRMNMjIxMSBOIDFzdCBTdDEOMAwGA1UEERMFOTUx
        MzExCzAJBgNVBAYTAlVTMRMwEQYDVQQIEwpDYWxpZm9ybmlhMREwDwYDVQQHEwhT
        YW4gSm9zZTEVMBMGA1UEChMMUGF5UGFsLCBJbmMuMRgwFgYDVQQLEw9QYXJ0bmVy
        IFN1cHBvcnQxNDAyBgNVBAMTK21lc3NhZ2V2ZXJpZmljYXRpb25jZXJ0cy5zYW5k
        Ym94LnBheXBhbC5jb20wggEiMA0GCSqGSIb3DQEBAQUAA4IBDwAwggEKAoIBAQDI
        XgwJj1E+vPOLNA7e3nFsRpQq7G1CFcoCNeRgFIGRfd4itt2jBRPfHXf1eeXODQ6V
        wTMP6rVYrI3HBQu5SZRZKO3gALPiBWTcz5FhVovYDz/d/DtasA5L7l1xmRM+GGPE
        e/D3ETPeyym6GTAuIzR1ju1BuSQlVnIrcILDHrFZo0RyqFH1eNL3oYfgz+ZCv+WH
        65rhS60VowiLAb2lsARckJ2P8wKIps3YUxAqVG5SJ9H49ueBDI01wEzE/+59J8s9
        GThmbMTqP6x4MneAcGN1TPimGd9wZlbwwrCYDtCoqFDcxMVgvD83uPrIinFwTIOX
        w63QSv8/+ANuawBcNJDrAgMBAAGjggOAMIIDfDAfBgNVHSMEGDAWgBQ901Cl1qCt
        7vNKYApl0yHU+PjWDzAdBgNVHQ4EFgQUt5yLggZOjjfzULzZCgX2KZO3R/gwNgYD
        VR0RBC8wLYIrbWVzc2FnZXZlcmlmaWNhdGlvbmNlcnRzLnNhbmRib3gucGF5cGFs
        LmNvbTAOBgNVHQ8BAf8EBAMCBaAwHQYDVR0lBBYwFAYIKwYBBQUHAwEGCCsGAQUF
        BwMCMHUGA1UdHwRuMGwwNKAyoDCGLmh0dHA6Ly9jcmwzLmRpZ2ljZXJ0LmNvbS9z
        aGEyLWV2LXNlcnZlci1nMS5jcmwwNKAyoDCGLmh0dHA6Ly9jcmw0LmRpZ2ljZXJ0
        LmNvbS9zaGEyLWV2LXNlcnZlci1nMS5jcmwwQgYDVR0gBDswOTA3BglghkgBhv1s
        AgEwKjAoBggrBgEFBQcCARYcaHR0cHM6Ly93d3cuZGlnaWNlcnQuY29tL0NQUzCB
        iAYIKwYBBQUHAQEEfDB6MCQGCCsGAQUFBzABhhhodHRwOi8vb2NzcC5kaWdpY2Vy
        dC5jb20wUgYIKwYBBQUHMAKGRmh0dHA6Ly9jYWNlcnRzLmRpZ2ljZXJ0LmNvbS9E
        aWdpQ2VydFNIQTJFeHRlbmRlZFZhbGlkYXRpb25TZXJ2ZXJDQS5jcnQwDAYDVR0T
        AQH/BAIwADCCAX0GCisGAQQB1nkCBAIEggFtBIIBaQFnAHUApLkJkLQYWBSHuxOi
        zGdwCjw1mAT5G9+443fNDsgN3BAAAAFMLovtNgAABAMARjBEAiBTR7r3p76qUJzF
        23lsbD/cLsA0KlxoJRSIvIK0OIYWiQIgVQWja8tWBlpcoFP30Iym7IuczitSazpH
        fhKAVroTgXgAdgBo9pj4H2SCvjqM7rkoHUz8cVFdZ5PURNEKZ6y7T0/7xAAAAUwu
        i+z4AAAEAwBHMEUCIEP3VYyLQB7lOgFo4WstyOurmRe3xa0OVaeFL/bDohHOAiEA
        +xQrRVAfaeT4qBdBJzLyVLU4V9bh/qBMXJdjvYujhAcAdgBWFAaaL9fC7NP14b1E
        sj7HRna5vJkRXMDvlJhV1onQ3QAAAUwui+6EAAAEAwBHMEUCIQC/YUc5X6xyb3ho
        o4VMSJqSoNg9KKkvLh9nUQCdwHi3/QIgNwcBc9ZZCR/aWXQ7hKH6d39kpkDX2Z43
        XPy/Kl5sKI4wDQYJKoZIhvcNAQELBQADggEBAHixEZNpb0M1MsvsfNI6lLKxrs9s
        JkcBcmxrFyhTC8KP+Qp+Z1fnMRQwpTLIMr1+uAMqCPAnIShGHeFNJpUFSMyW4o0l
        +pZGz/L/YJBs7XP3ChSGC17ZKeGSQFfMqMQXfY/L6+n/1HkAwqmewqUMEuUmWN3F
        kXJqVngIYGZtxXRyiv2azLOhrNP8BgNZK6d2gVxntQfGr4hnd8Juq8SJy/S4xpPY
        YPD8vW7/wSOdAe1/kU38QwDVBQ5PJePS2WFwz8YA/eKcyg9lfsianfw35SjehJbn
        wGwzUbjtibyJnv3eAeYDGxaI6vbuoE99pSmYGIwSBLJwZamJHjci6HL6wLg=
        -----END CERTIFICATE-----
        """;

    /// <summary>ValidateCertTest.java line 59, the event body (Java-unescaped; 1,636 bytes).</summary>
    private const string JavaVectorBody = """{"id":"WH-2MW4820926242972J-6SG447389E205703U","event_version":"1.0","create_time":"2017-03-30T20:04:05.613Z","resource_type":"plan","event_type":"BILLING.PLAN.CREATED","summary":"A billing plan was created","resource":{"merchant_preferences":{"setup_fee":{"currency":"USD","value":"1"},"return_url":"https://www.mta.org/wp-content/plugins/AMS/api/Paypal/paypal/rest-api-sdk-php/sample/billing/ExecuteAgreement.php?success=true","cancel_url":"https://www.mta.org/wp-content/plugins/AMS/api/Paypal/paypal/rest-api-sdk-php/sample/billing/ExecuteAgreement.php?success=false","auto_bill_amount":"YES","initial_fail_amount_action":"CONTINUE","max_fail_attempts":"0"},"update_time":"2017-03-30T20:04:05.587Z","create_time":"2017-03-30T20:04:05.587Z","name":"T-Shirt of the Month Club Plan","description":"Template creation.","links":[{"href":"api.sandbox.paypal.com/v1/payments/billing-plans/P-2U911356NH683973BEDIWKUY","rel":"self","method":"GET"}],"payment_definitions":[{"name":"Regular Payments","type":"REGULAR","frequency":"Month","frequency_interval":"2","amount":{"currency":"USD","value":"100"},"cycles":"12","charge_models":[{"type":"SHIPPING","amount":{"currency":"USD","value":"10"},"id":"CHM-6H655806YS685182XEDIWKUY"}],"id":"PD-5N450756VM995270VEDIWKUY"}],"id":"P-2U911356NH683973BEDIWKUY","state":"CREATED","type":"FIXED"},"links":[{"href":"https://api.sandbox.paypal.com/v1/notifications/webhooks-events/WH-2MW4820926242972J-6SG447389E205703U","rel":"self","method":"GET"},{"href":"https://api.sandbox.paypal.com/v1/notifications/webhooks-events/WH-2MW4820926242972J-6SG447389E205703U/resend","rel":"resend","method":"POST"}]}""";

    /// <summary>ValidateCertTest.java line 57.</summary>
    private const string JavaVectorSignature = "aBjgm5/xljRYu3G64Q0axISrP2xcy7WbW1u4UTCKnQvyprOZ1a1BBmqn2Jdr6ce8E76I3Ti/AL9y4VYSHyGSEaoE6dVQcCDebLbOXLH0fjTAbTc1/rmfdWmsk0DPltW84Y8W8jOHe3CLWDOwg5zmozyt+AceG2x5eOiw7mLSycaEoj/5RG+dOIWXnmWcLEArbG3VFshy0wuhZrKuGa9C/bD4Ku+Y9gK7Bv5I5IuGRVnTGpcFnVG0KxOyJxccLGyBVCIUMY5IZS7LkmJszQ3HZZFDTNihvgJHECSLwLhzUaysIye5G6CbbLdtAmeeb6wiDciEAvr2dFf+SplOR4Lrng==";

    /// <summary>rest-api-sdk/src/test/resources/testClientCert.crt.</summary>
    private const string JavaVectorCertificate = """
        -----BEGIN CERTIFICATE-----
        MIIILDCCBxSgAwIBAgIQDEd6EXcAnHmtnx4u7tJZlTANBgkqhkiG9w0BAQsFADB1
        MQswCQYDVQQGEwJVUzEVMBMGA1UEChMMRGlnaUNlcnQgSW5jMRkwFwYDVQQLExB3
        d3cuZGlnaWNlcnQuY29tMTQwMgYDVQQDEytEaWdpQ2VydCBTSEEyIEV4dGVuZGVk
        IFZhbGlkYXRpb24gU2VydmVyIENBMB4XDTE3MDIxODAwMDAwMFoXDTE5MDQyNjEy
        MDAwMFowggElMR0wGwYDVQQPDBRQcml2YXRlIE9yZ2FuaXphdGlvbjETMBEGCysG
        AQQBgjc8AgEDEwJVUzEZMBcGCysGAQQBgjc8AgECEwhEZWxhd2FyZTEQMA4GA1UE
        BRMHMzAxNDI2NzEWMBQGA1UECRMNMjIxMSBOIDFzdCBTdDEOMAwGA1UEERMFOTUx
        MzExCzAJBgNVBAYTAlVTMRMwEQYDVQQIEwpDYWxpZm9ybmlhMREwDwYDVQQHEwhT
        YW4gSm9zZTEVMBMGA1UEChMMUGF5UGFsLCBJbmMuMRgwFgYDVQQLEw9QYXJ0bmVy
        IFN1cHBvcnQxNDAyBgNVBAMTK21lc3NhZ2V2ZXJpZmljYXRpb25jZXJ0cy5zYW5k
        Ym94LnBheXBhbC5jb20wggEiMA0GCSqGSIb3DQEBAQUAA4IBDwAwggEKAoIBAQDT
        AsLQcHFGG0mvLNAlu3FJ/6QUr1EbUSBYnqF/oRbirzJRWbT3JWpFr2palaFNnfpC
        wLB/KY+UX3xDLB5Ic38piG6FzRe1TiZcxhdIbOY21OvVVFatXfM62lzwX3RASpbV
        A1cbCoDBSbgyplSPINVd8Gyf+qtJxbW7M6cVuZae1Nx0mA63SfNnRpBwOvYAUkCr
        uCCjIVLqRuWbRzn0wvayVMWasw047rHhtFmaYBwJ1L4sn5NL+HDQ5wSMb1EE46v/
        aGGdv7bcHhc4Re0C1pFW032MVb85eRD7OtvD2hZM2O5JwiwHMBXzxEjrIbGCA6be
        3acmzYKxYLZHYt6KlQDBAgMBAAGjggQEMIIEADAfBgNVHSMEGDAWgBQ901Cl1qCt
        7vNKYApl0yHU+PjWDzAdBgNVHQ4EFgQUgPw27mYvKgltHUaTXExjogwMhv8wNgYD
        VR0RBC8wLYIrbWVzc2FnZXZlcmlmaWNhdGlvbmNlcnRzLnNhbmRib3gucGF5cGFs
        LmNvbTAOBgNVHQ8BAf8EBAMCBaAwHQYDVR0lBBYwFAYIKwYBBQUHAwEGCCsGAQUF
        BwMCMHUGA1UdHwRuMGwwNKAyoDCGLmh0dHA6Ly9jcmwzLmRpZ2ljZXJ0LmNvbS9z
        aGEyLWV2LXNlcnZlci1nMS5jcmwwNKAyoDCGLmh0dHA6Ly9jcmw0LmRpZ2ljZXJ0
        LmNvbS9zaGEyLWV2LXNlcnZlci1nMS5jcmwwSwYDVR0gBEQwQjA3BglghkgBhv1s
        AgEwKjAoBggrBgEFBQcCARYcaHR0cHM6Ly93d3cuZGlnaWNlcnQuY29tL0NQUzAH
        BgVngQwBATCBiAYIKwYBBQUHAQEEfDB6MCQGCCsGAQUFBzABhhhodHRwOi8vb2Nz
        cC5kaWdpY2VydC5jb20wUgYIKwYBBQUHMAKGRmh0dHA6Ly9jYWNlcnRzLmRpZ2lj
        ZXJ0LmNvbS9EaWdpQ2VydFNIQTJFeHRlbmRlZFZhbGlkYXRpb25TZXJ2ZXJDQS5j
        cnQwDAYDVR0TAQH/BAIwADCCAfgGCisGAQQB1nkCBAIEggHoBIIB5AHiAHYApLkJ
        kLQYWBSHuxOizGdwCjw1mAT5G9+443fNDsgN3BAAAAFaTqxLiAAABAMARzBFAiEA
        pDFqvEjdtugwxjKvZqJ1Y1A1F1UX9EIvZL5Ar02YSe4CIBEf0EzZiic7u3IzI8BU
        y0oFKh11VL1YIBAZfIj744o/AHYAVhQGmi/XwuzT9eG9RLI+x0Z2ubyZEVzA75SY
        VdaJ0N0AAAFaTqxM2wAABAMARzBFAiEAn3lwWc95wltvaOnBaM09VQN9xhHHkwec
        w5+tdHhSimgCIC1BaJ0RodgykU0ii2QzuzEoR8ci6qF+Pj6j1GE5wvU4AHcA7ku9
        t3XOYLrhQmkfq+GeZqMPfl+wctiDAMR7iXqo/csAAAFaTqxOhwAABAMASDBGAiEA
        /+kyQku3N/kwrubEfHSM4h20mZTvrAoRZovA5qwpVLICIQDyOQQu9r6kets5tO0b
        YDXmaVWypOdS/ocseU11p5vBYAB3ALvZ37wfinG1k5Qjl6qSe0c4V5UKq1LoGpCW
        ZDaOHtGFAAABWk6sTEUAAAQDAEgwRgIhALIDDduHsT0LymHxdrOWzzEaDLhVSl5i
        vHAgWBcdl5AAAiEAgIYoXQHtSAiPyH4METNmAZAhiwo9uwTavdrjLsFJ2nowDQYJ
        KoZIhvcNAQELBQADggEBAMxgCr0MTAbu7aE8ryfK3q8grN4rJOzBBzh8tSKYW4PU
        FhAc6ZaW2/PNV+H8oYOP3nB28neglNjR/XZCyd7IRJoxSfwzUZhOBAzTFP0sp5Cu
        GZN24j2SrxcKCaq3mszLmwgiRzuDUnRFdI2OHep6EcDelfURGz8w6eTaLw7m3FZr
        gJSmmAOntirVZeVPLou74ykxWUm0kEi/OxNQWlgAlAHUcGZHpcupddK/dNRmCFSw
        RBeiGwaLsz2SXYNvTs4it8cisAxTwBD1iqyXEKRSx6HpsmIOznwENimrR8Cz3jtz
        QJmshPGmEbrpkKaJ7/DJO5EuMKFF6jYKjKiORugFKfU=
        -----END CERTIFICATE-----
        """;

    protected override string Provider => "paypal";

    protected override string SignatureHeader => "PAYPAL-TRANSMISSION-SIG";

    protected override IEnumerable<string> MalformedSignatures =>
    [
        "",
        "not base64!",
        Convert.ToBase64String(new byte[600]),       // longer than any RSA signature the scheme allows
        "sha256=" + Convert.ToBase64String(new byte[256]),
    ];

    /// <summary>Each "secret" names a certificate of its own, pinned under its own URL (PayPal rotates by URL).</summary>
    protected override ProviderSettings Settings(params string[] secrets) => new()
    {
        WebhookId = WebhookId,
        SigningCertificates = secrets.Select(s => new PinnedCertificate(CertificateUrl(s), TestCertificates.Pem(s, PayPalSubject))).ToArray(),
    };

    /// <summary>
    /// Signed as PayPal signs. A forger names the policy's own certificate URL (any other is not even looked up), so
    /// the wrong key's request names the current key's.
    /// </summary>
    protected override Request Signed(string secret, byte[] body, DateTimeOffset signedAt) =>
        SignedWith(secret, body, signedAt, secret == WrongSecret ? CertificateUrl(Secret) : CertificateUrl(secret));

    protected override Request WithoutTimestamp(Request valid) => valid.WithoutHeader("PAYPAL-TRANSMISSION-TIME");

    /// <summary>The transmission time or id changed, or the body.</summary>
    protected override void Mutate(Request request, Random random)
    {
        switch (random.Next(3))
        {
            case 0:
                var time = DateTimeOffset.Parse(request.Headers.Get("PAYPAL-TRANSMISSION-TIME").Value!, CultureInfo.InvariantCulture);
                request.ReplaceHeader("PAYPAL-TRANSMISSION-TIME", Time(time.AddSeconds(random.Next(1, 100) * (random.Next(2) == 0 ? 1 : -1))));
                break;
            case 1:
                request.ReplaceHeader("PAYPAL-TRANSMISSION-ID", Oracles.Change(request.Headers.Get("PAYPAL-TRANSMISSION-ID").Value!, random));
                break;
            default:
                base.Mutate(request, random);
                break;
        }
    }

    // --- The published vectors ---

    [Fact]
    public void PayPal_signed_sandbox_events_verify_at_their_own_time()
    {
        var node = NodeVector();
        var result = Expect.Verified(node.Request.VerifyWith(node.Verifier));
        Assert.Equal("dfb3be50-fd74-11e4-8bf3-77339302725b", result.DeliveryId);
        Assert.Equal(new DateTimeOffset(2015, 5, 18, 15, 45, 13, TimeSpan.Zero), result.Timestamp);

        var java = JavaVector();
        Expect.Verified(java.Request.VerifyWith(java.Verifier));
    }

    [Fact]
    public void PayPal_signed_string_is_the_sdks_with_an_unsigned_crc()
    {
        // test/notification.js's expectation, and the Java test's: CRC-32 printed unsigned (above 2^31 for both).
        Assert.Equal("dfb3be50-fd74-11e4-8bf3-77339302725b|2015-05-18T15:45:13Z|4JH86294D6297924G|2771810304", Encoding.UTF8.GetString(PayPalCheck.SignedString("dfb3be50-fd74-11e4-8bf3-77339302725b", "2015-05-18T15:45:13Z", "4JH86294D6297924G", Encoding.UTF8.GetBytes(NodeVectorBody))));
        Assert.Equal("071f7d20-1584-11e7-abf0-6b62a8a99ac4|2017-03-30T20:04:05Z|96605875FF6516633|3494065244", Encoding.UTF8.GetString(PayPalCheck.SignedString("071f7d20-1584-11e7-abf0-6b62a8a99ac4", "2017-03-30T20:04:05Z", "96605875FF6516633", Encoding.UTF8.GetBytes(JavaVectorBody))));
    }

    [Fact]
    public void PayPal_signed_event_a_year_later_fails_on_the_certificate_validity()
    {
        var java = JavaVector();
        var result = java.Request.At(new DateTimeOffset(2020, 3, 30, 20, 5, 0, TimeSpan.Zero)).VerifyWith(java.Verifier);
        Expect.Failed(FailureCode.InvalidSignature, result);
        Assert.Contains("valid from 2017-02-18T00:00:00Z to 2019-04-26T12:00:00Z", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void PayPal_signed_event_for_another_webhook_or_changed_is_invalid()
    {
        var node = NodeVector();
        var other = Verifiers.Create("paypal", new ProviderSettings { WebhookId = "4JH86294D6297924H", Environment = "sandbox", SigningCertificates = [new(NodeVectorUrl, NodeVectorCertificate)] });
        Expect.Failed(FailureCode.InvalidSignature, node.Request.VerifyWith(other));
        Expect.Failed(FailureCode.InvalidSignature, NodeVector().Request.WithBody(NodeVectorBody.Replace("20.00", "2000.00", StringComparison.Ordinal)).VerifyWith(node.Verifier));
        Expect.Failed(FailureCode.InvalidSignature, NodeVector().Request.ReplaceHeader("PAYPAL-TRANSMISSION-ID", "dfb3be50-fd74-11e4-8bf3-77339302725c").VerifyWith(node.Verifier));

        // Production policies accept only the production host's certificates: the sandbox URL is not even looked up.
        var production = Verifiers.Create("paypal", new ProviderSettings { WebhookId = "4JH86294D6297924G" });
        var result = NodeVector().Request.VerifyWith(production);
        Expect.Failed(FailureCode.InvalidSignature, result);
        Assert.Contains("api.paypal.com", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Crc32_is_no_cryptographic_hash_which_the_signed_transmission_id_makes_up_for()
    {
        // A second body with the same CRC-32 (four bytes appended that bring it back) verifies: PayPal's signature
        // covers the body only through its CRC. What protects the backend is the signed transmission id, the
        // delivery id: the forged body can only replay a transmission the idempotency record has seen.
        var body = Encoding.UTF8.GetBytes("""{"id":"WH-1","event_type":"PAYMENT.SALE.COMPLETED","amount":"1.00"}""");
        var forged = SameCrc(Encoding.UTF8.GetBytes("""{"id":"WH-1","event_type":"PAYMENT.SALE.COMPLETED","amount":"9999.00"}"""), Crc32.HashToUInt32(body));
        var request = Signed(Secret, body, Now);
        var result = Expect.Verified(request.Clone().WithBody(forged).VerifyWith(Verifier(Secret)));
        Assert.Equal(TransmissionId, result.DeliveryId);
        Assert.Equal(IdempotencyKeyKind.DeliveryId, Verifier(Secret).DefaultKeyKind);
    }

    // --- PayPal's own rules ---

    [Theory]
    [InlineData("SHA1withRSA")]
    [InlineData("sha256withrsa")]
    [InlineData("none")]
    public void Algorithm_other_than_sha256withrsa_is_refused(string algorithm)
    {
        Expect.Failed(FailureCode.MalformedSignature, Valid().ReplaceHeader("PAYPAL-AUTH-ALGO", algorithm).VerifyWith(Verifier(Secret)));
    }

    [Theory]
    [InlineData("PAYPAL-TRANSMISSION-ID")]
    [InlineData("PAYPAL-CERT-URL")]
    [InlineData("PAYPAL-AUTH-ALGO")]
    public void Signed_part_absent_or_repeated_is_malformed(string header)
    {
        var verifier = Verifier(Secret);
        Expect.Failed(FailureCode.MalformedSignature, Valid().WithoutHeader(header).VerifyWith(verifier));
        var repeated = Valid();
        repeated.Header(header, repeated.Headers.Get(header).Value!);
        Expect.Failed(FailureCode.MalformedSignature, repeated.VerifyWith(verifier));
    }

    [Theory]
    [InlineData("https://api.paypal.com.evil.example/v1/notifications/certs/CERT-1")]
    [InlineData("http://api.paypal.com/v1/notifications/certs/CERT-1")]
    [InlineData("https://api.paypal.com:8443/v1/notifications/certs/CERT-1")]
    [InlineData("https://api.paypal.com/v1/notifications/certs/CERT-1?x=1")]
    [InlineData("https://api.paypal.com/v1/notifications/certs/../../v1/oauth2/token")]
    [InlineData("https://api.paypal.com/v1/notifications/certs/")]
    [InlineData("https://api.paypal.com/v1/notifications/other/CERT-1")]
    [InlineData("https://api.sandbox.paypal.com/v1/notifications/certs/CERT-1")]
    [InlineData("https://www.paypal.com/v1/notifications/certs/CERT-1")]
    public async Task Certificate_url_outside_the_rule_is_refused_and_never_fetched(string url)
    {
        var server = new KeyServer();
        server.Serve(url, TestCertificates.Pem(Secret, PayPalSubject));
        var environment = new ProviderEnvironment(server, TimeProvider.System, KeyFetchLimits.Default, offline: false);
        var problems = new List<SettingProblem>();
        var verifier = ProviderCatalogue.Create("paypal", new ProviderSettings { WebhookId = WebhookId }, problems, environment)!;
        var request = SignedWith(Secret, DefaultBody, Now, url);
        Expect.Failed(FailureCode.InvalidSignature, request.VerifyWith(verifier));
        Expect.Failed(FailureCode.InvalidSignature, await request.VerifyAsyncWith(verifier));
        Assert.Empty(server.Received);
    }

    [Fact]
    public async Task Unpinned_certificate_is_fetched_once_from_the_paypal_host_and_cached()
    {
        var server = new KeyServer();
        var url = "https://api.paypal.com/v1/notifications/certs/CERT-360caa42-fca2a594-a5cafa77";
        server.Serve(url, TestCertificates.Pem(Secret, PayPalSubject), contentType: "application/x-pem-file");
        var environment = new ProviderEnvironment(server, TimeProvider.System, KeyFetchLimits.Default, offline: false);
        var problems = new List<SettingProblem>();
        var verifier = ProviderCatalogue.Create("paypal", new ProviderSettings { WebhookId = WebhookId }, problems, environment)!;
        var request = SignedWith(Secret, DefaultBody, Now, url);

        Expect.Failed(FailureCode.KeyUnavailable, request.VerifyWith(verifier));
        Expect.Verified(await request.VerifyAsyncWith(verifier));
        Expect.Verified(request.VerifyWith(verifier));
        Assert.Equal(1, server.CountFor(url));
    }

    [Fact]
    public void Settings_are_checked_at_config_time()
    {
        Assert.Contains(Verifiers.Problems("paypal", new ProviderSettings()), p => p.Key == "WebhookId");
        Assert.Contains(Verifiers.Problems("paypal", new ProviderSettings { WebhookId = WebhookId, Environment = "live" }), p => p.Key == "Environment");
        Assert.Contains(Verifiers.Problems("paypal", new ProviderSettings { WebhookId = WebhookId, Secrets = ["s"] }), p => p.Key == "Secrets");
        Assert.Contains(Verifiers.Problems("paypal", new ProviderSettings { WebhookId = WebhookId, SigningCertificates = [new(NodeVectorUrl, NodeVectorCertificate)] }), p => p.Key == "SigningCertificates:0:Url");
        Assert.Contains(Verifiers.Problems("paypal", new ProviderSettings { WebhookId = WebhookId, SigningCertificates = [new(CertificateUrl(Secret), TestCertificates.Pem(Secret, "example.com"))] }), p => p.Key == "SigningCertificates:0:File");
    }

    [Fact]
    public void Sign_verb_signs_with_a_private_key_as_the_firewall_verifies()
    {
        var problems = new List<SettingProblem>();
        var signer = ProviderCatalogue.CreateSigner("paypal", TestCertificates.PrivateKey(Secret, PayPalSubject), Settings(Secret), problems);
        Assert.Empty(problems);
        var headers = new List<KeyValuePair<string, string>>();
        signer!.Sign(new SigningInput(DefaultBody, Now, "transmission-9"), headers);
        var request = Request.Post(DefaultBody);
        foreach (var (name, value) in headers)
        {
            request.Header(name, value);
        }

        Assert.Equal("transmission-9", Expect.Verified(request.VerifyWith(Verifier(Secret))).DeliveryId);
        Assert.Null(ProviderCatalogue.CreateSigner("paypal", "not a key", Settings(Secret), problems));
        Assert.Contains(problems, p => p.Key == "Secret");
    }

    // --- How the tests sign ---

    private const string NodeVectorUrl = "https://api.sandbox.paypal.com/v1/notifications/certs/CERT-360caa42-fca2a594-a5cafa77";

    private static (Request Request, IWebhookVerifier Verifier) NodeVector() => (
        Request.Post(NodeVectorBody)
            .Header("PAYPAL-TRANSMISSION-ID", "dfb3be50-fd74-11e4-8bf3-77339302725b")
            .Header("PAYPAL-TRANSMISSION-TIME", "2015-05-18T15:45:13Z")
            .Header("PAYPAL-TRANSMISSION-SIG", NodeVectorSignature)
            .Header("PAYPAL-CERT-URL", NodeVectorUrl)
            .Header("PAYPAL-AUTH-ALGO", "SHA256withRSA")
            .At(new DateTimeOffset(2015, 5, 18, 15, 46, 0, TimeSpan.Zero)),
        Verifiers.Create("paypal", new ProviderSettings { WebhookId = "4JH86294D6297924G", Environment = "sandbox", SigningCertificates = [new(NodeVectorUrl, NodeVectorCertificate)] }));

    /// <summary>The Java test loads its certificate from a file, not a URL: it is pinned here under a sandbox certs URL.</summary>
    private static (Request Request, IWebhookVerifier Verifier) JavaVector()
    {
        const string url = "https://api.sandbox.paypal.com/v1/notifications/certs/CERT-java-sdk-test";
        return (
            Request.Post(JavaVectorBody)
                .Header("PAYPAL-TRANSMISSION-ID", "071f7d20-1584-11e7-abf0-6b62a8a99ac4")
                .Header("PAYPAL-TRANSMISSION-TIME", "2017-03-30T20:04:05Z")
                .Header("PAYPAL-TRANSMISSION-SIG", JavaVectorSignature)
                .Header("PAYPAL-CERT-URL", url)
                .Header("PAYPAL-AUTH-ALGO", "SHA256withRSA")
                .At(new DateTimeOffset(2017, 3, 30, 20, 5, 0, TimeSpan.Zero)),
            Verifiers.Create("paypal", new ProviderSettings { WebhookId = "96605875FF6516633", Environment = "sandbox", SigningCertificates = [new(url, JavaVectorCertificate)] }));
    }

    private static string CertificateUrl(string name) =>
        "https://api.paypal.com/v1/notifications/certs/CERT-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)).AsSpan(0, 12));

    private static Request SignedWith(string key, byte[] body, DateTimeOffset signedAt, string certificateUrl)
    {
        var time = Time(signedAt);
        var signed = Encoding.UTF8.GetBytes($"{TransmissionId}|{time}|{WebhookId}|{Crc32.HashToUInt32(body).ToString(CultureInfo.InvariantCulture)}");
        return Request.Post(body)
            .Header("PAYPAL-TRANSMISSION-ID", TransmissionId)
            .Header("PAYPAL-TRANSMISSION-TIME", time)
            .Header("PAYPAL-TRANSMISSION-SIG", Convert.ToBase64String(TestCertificates.SignRsa(key, PayPalSubject, signed, HashAlgorithmName.SHA256)))
            .Header("PAYPAL-CERT-URL", certificateUrl)
            .Header("PAYPAL-AUTH-ALGO", "SHA256withRSA");
    }

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary><paramref name="body"/> with four bytes appended that make its CRC-32 <paramref name="target"/> (CRC is linear: solved bit by bit).</summary>
    private static byte[] SameCrc(byte[] body, uint target)
    {
        // The CRC of body‖x is affine in the 32 bits of x: find the basis, then solve by Gaussian elimination.
        var zero = Crc32.HashToUInt32([.. body, 0, 0, 0, 0]);
        var columns = new uint[32];
        for (var bit = 0; bit < 32; bit++)
        {
            var x = new byte[4];
            x[bit / 8] = (byte)(1 << (bit % 8));
            columns[bit] = Crc32.HashToUInt32([.. body, .. x]) ^ zero;
        }

        var wanted = target ^ zero;
        var rows = columns.Select((c, i) => (Value: c, Mask: 1u << i)).ToArray();
        uint solution = 0;
        for (var bit = 31; bit >= 0; bit--)
        {
            var pivot = Array.FindIndex(rows, r => (r.Value >> bit & 1) == 1 && r.Mask != 0);
            if (pivot < 0)
            {
                continue;
            }

            var chosen = rows[pivot];
            rows[pivot] = (0, 0);
            for (var i = 0; i < rows.Length; i++)
            {
                if ((rows[i].Value >> bit & 1) == 1)
                {
                    rows[i] = (rows[i].Value ^ chosen.Value, rows[i].Mask ^ chosen.Mask);
                }
            }

            if ((wanted >> bit & 1) == 1)
            {
                wanted ^= chosen.Value;
                solution ^= chosen.Mask;
            }
        }

        byte[] tail = [(byte)solution, (byte)(solution >> 8), (byte)(solution >> 16), (byte)(solution >> 24)];
        byte[] forged = [.. body, .. tail];
        Assert.Equal(target, Crc32.HashToUInt32(forged));
        return forged;
    }
}
