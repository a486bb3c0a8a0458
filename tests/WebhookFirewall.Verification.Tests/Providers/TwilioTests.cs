using System.Text;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>
/// Published vectors: twilio/twilio-python, tests/unit/test_request_validator.py (token "12345", URL
/// https://mycompany.com/myapp.php?foo=1&amp;bar=2, five call parameters); the contract cases are signed the way that
/// file's RequestValidator.compute_signature does (see <see cref="PresetSign.Twilio"/>).
/// </summary>
public sealed class TwilioTests : BodySigningProviderContract
{
    private const string PublicUrl = "https://hooks.example.com/twilio/voice";
    private const string IdempotencyToken = "a5b3c8e1-7f5d-4a6e-9b2c-1d0e3f4a5b6c";

    // tests/unit/test_request_validator.py, setUp.
    private const string VectorToken = "12345";
    private const string VectorUrl = "https://mycompany.com/myapp.php?foo=1&bar=2";
    private const string VectorForm = "CallSid=CA1234567890ABCDE&Caller=%2B14158675309&Digits=1234&From=%2B14158675309&To=%2B18005551212";
    private const string VectorJson = """{"property": "value", "boolean": true}""";
    private const string VectorBodyHash = "0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620";

    protected override string Provider => "twilio";

    protected override string SignatureHeader => "X-Twilio-Signature";

    protected override ProviderSettings Settings(params string[] secrets) => new() { Secrets = secrets, PublicUrl = PublicUrl };

    protected override IEnumerable<string> MalformedSignatures =>
    [
        PresetSign.Sha1Hex(Secret, DefaultBody),                       // hex where base64 is expected
        Convert.ToBase64String(new byte[32]),                          // a SHA-256 sized MAC: Twilio signs with SHA-1
        Convert.ToBase64String(new byte[19]),
        "sha1=" + Convert.ToBase64String(new byte[20]),
        "",
    ];

    /// <summary>
    /// The contract's bodies are posted as Twilio posts them, urlencoded, and signed over `PublicUrl`. A body with
    /// percent escapes of its own (a property suite's random one) is posted as the value of one parameter, escaped,
    /// as Twilio would post such text.
    /// </summary>
    protected override Request Signed(string secret, byte[] body, DateTimeOffset signedAt)
    {
        var form = body.Contains((byte)'%') ? Encoding.UTF8.GetBytes("Body=" + Uri.EscapeDataString(Encoding.UTF8.GetString(body))) : body;
        return Request.Post(form)
            .Header("X-Twilio-Signature", PresetSign.TwilioForm(secret, PublicUrl, Encoding.UTF8.GetString(form)))
            .Header("I-Twilio-Idempotency-Token", IdempotencyToken)
            .Header("Content-Type", "application/x-www-form-urlencoded");
    }

    /// <summary>A parameter added to the signed form, or a query added to the signed URL.</summary>
    protected override void Mutate(Request request, Random random)
    {
        if (random.Next(2) == 0)
        {
            request.WithBody([.. request.Body, .. Encoding.UTF8.GetBytes($"&Extra={random.Next()}")]);
        }
        else
        {
            request.WithQuery($"?x={random.Next()}");
        }
    }

    private static IWebhookVerifier VectorVerifier(string publicUrl) =>
        Verifiers.Create("twilio", new ProviderSettings { Secrets = [VectorToken], PublicUrl = publicUrl });

    /// <summary>The vector's request, to the vector's own URL: a PublicUrl with a query is only ever requested with it.</summary>
    private static Request VectorRequest(string signature, string query = "?foo=1&bar=2") =>
        Request.Post(VectorForm).Header("X-Twilio-Signature", signature).WithQuery(query);

    // test_compute_signature / test_validation.
    [Fact]
    public void Twilio_python_vector_verifies_with_the_url_configured_whole()
    {
        Expect.Verified(VectorRequest("RSOYDt4T1cUTdK1PDd93/VVr8B8=").VerifyWith(VectorVerifier(VectorUrl)));
    }

    // PublicUrl without a query string: the request's own query is appended (the e2e test shows the same through Kestrel).
    [Fact]
    public void Twilio_python_vector_verifies_with_the_query_string_taken_from_the_request()
    {
        var verifier = VectorVerifier("https://mycompany.com/myapp.php");
        Expect.Verified(VectorRequest("RSOYDt4T1cUTdK1PDd93/VVr8B8=", "?foo=1&bar=2").VerifyWith(verifier));
        Expect.Failed(FailureCode.InvalidSignature, VectorRequest("RSOYDt4T1cUTdK1PDd93/VVr8B8=", "?bar=2&foo=1").VerifyWith(verifier));
        Expect.Failed(FailureCode.InvalidSignature, VectorRequest("RSOYDt4T1cUTdK1PDd93/VVr8B8=", string.Empty).VerifyWith(verifier));
    }

    // A PublicUrl with its own query string is the whole signed URL: a request to any other query was not signed for
    // this policy (a `?tenant=evil` appended by a sender must not ride on a verified signature).
    [Fact]
    public void Request_query_other_than_the_public_urls_own_is_invalid()
    {
        Expect.Failed(FailureCode.InvalidSignature, VectorRequest("RSOYDt4T1cUTdK1PDd93/VVr8B8=", "?foo=1&bar=2&tenant=evil").VerifyWith(VectorVerifier(VectorUrl)));
        Expect.Failed(FailureCode.InvalidSignature, VectorRequest("RSOYDt4T1cUTdK1PDd93/VVr8B8=", string.Empty).VerifyWith(VectorVerifier(VectorUrl)));
        Expect.Verified(VectorRequest("RSOYDt4T1cUTdK1PDd93/VVr8B8=").VerifyWith(VectorVerifier(VectorUrl)));
    }

    // test_validation_adds_port_on_https: Twilio signed with :443, the registered URL has no port.
    [Fact]
    public void Signature_made_with_the_default_https_port_verifies_against_a_url_without_one()
    {
        Expect.Verified(VectorRequest("kvajT1Ptam85bY51eRf/AJRuM3w=").VerifyWith(VectorVerifier(VectorUrl)));
    }

    // test_validation_adds_port_on_http: as above with http and :80.
    [Fact]
    public void Signature_made_with_the_default_http_port_verifies_against_a_url_without_one()
    {
        Expect.Verified(VectorRequest("0ZXoZLH/DfblKGATFgpif+LLRf4=").VerifyWith(VectorVerifier(VectorUrl.Replace("https", "http", StringComparison.Ordinal))));
    }

    // test_validation_removes_port_on_https: Twilio signed without a port, the URL names one.
    [Fact]
    public void Signature_made_without_a_port_verifies_against_a_url_with_one()
    {
        Expect.Verified(VectorRequest("RSOYDt4T1cUTdK1PDd93/VVr8B8=").VerifyWith(VectorVerifier("https://mycompany.com:1234/myapp.php?foo=1&bar=2")));
        Expect.Verified(VectorRequest("RSOYDt4T1cUTdK1PDd93/VVr8B8=").VerifyWith(VectorVerifier("https://mycompany.com:443/myapp.php?foo=1&bar=2")));
    }

    // test_validation_removes_port_on_http: the signature covers http://mycompany.com:1234/..., the URL as configured.
    [Fact]
    public void Signature_made_with_a_non_default_port_verifies_against_that_url()
    {
        Expect.Verified(VectorRequest("Zmvh+3yNM1Phv2jhDCwEM3q5ebU=").VerifyWith(VectorVerifier("http://mycompany.com:1234/myapp.php?foo=1&bar=2")));
        Expect.Failed(FailureCode.InvalidSignature, VectorRequest("Zmvh+3yNM1Phv2jhDCwEM3q5ebU=").VerifyWith(VectorVerifier(VectorUrl.Replace("https", "http", StringComparison.Ordinal))));
    }

    // test_compute_signature_duplicate_multi_dict: a repeated name is signed once per value, values sorted.
    [Fact]
    public void Repeated_parameters_are_signed_value_by_value_in_order()
    {
        var request = Request.Post("Sid=CA123&SidAccount=AC123&Digits=5678&Digits=1234").WithQuery("?foo=1&bar=2").Header("X-Twilio-Signature", "IK+Dwps556ElfBT0I3Rgjkr1wJU=");
        Expect.Verified(request.VerifyWith(VectorVerifier(VectorUrl)));
    }

    // test_validation_of_body_succeeds: JSON bodies put bodySHA256 in the URL, which alone is signed.
    [Fact]
    public void Json_body_verifies_through_the_body_hash_in_the_url()
    {
        var request = Request.Post(VectorJson).WithQuery("?foo=1&bar=2&bodySHA256=" + VectorBodyHash).Header("X-Twilio-Signature", "a9nBmqA0ju/hNViExpshrM61xv4=");
        Expect.Verified(request.VerifyWith(VectorVerifier(VectorUrl + "&bodySHA256=" + VectorBodyHash)));
        Expect.Verified(request.Clone().VerifyWith(VectorVerifier("https://mycompany.com/myapp.php")));
    }

    [Fact]
    public void Json_body_that_does_not_match_its_hash_is_invalid_signature()
    {
        var request = Request.Post(VectorJson.Replace("value", "VALUE", StringComparison.Ordinal)).Header("X-Twilio-Signature", "a9nBmqA0ju/hNViExpshrM61xv4=");
        Expect.Failed(FailureCode.InvalidSignature, request.VerifyWith(VectorVerifier(VectorUrl + "&bodySHA256=" + VectorBodyHash)));
    }

    [Fact]
    public void Body_hash_with_a_url_not_signed_by_this_token_is_invalid_signature()
    {
        var request = Request.Post(VectorJson).Header("X-Twilio-Signature", "a9nBmqA0ju/hNViExpshrM61xv4=");
        Expect.Failed(FailureCode.InvalidSignature, request.VerifyWith(Verifiers.Create("twilio", new ProviderSettings { Secrets = ["54321"], PublicUrl = VectorUrl + "&bodySHA256=" + VectorBodyHash })));
    }

    [Theory]
    [InlineData("?bodySHA256=xyz")]
    [InlineData("?bodySHA256=0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e66")]
    [InlineData("?bodySHA256=0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620&bodySHA256=0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620")]
    public void Body_hash_not_in_its_format_or_repeated_is_malformed(string query)
    {
        var verifier = Verifiers.Create("twilio", new ProviderSettings { Secrets = [Secret], PublicUrl = PublicUrl });
        var request = Request.Post(VectorJson).WithQuery(query).Header("X-Twilio-Signature", PresetSign.TwilioUrl(Secret, PublicUrl + query));
        Expect.Failed(FailureCode.MalformedSignature, request.VerifyWith(verifier));
    }

    // The trap of hand-written clients: a literal '+' in a form body is a space, so +1415... must arrive as %2B1415...
    [Fact]
    public void Unencoded_plus_in_a_phone_number_decodes_to_a_space_and_fails()
    {
        var request = Request.Post(VectorForm.Replace("%2B", "+", StringComparison.Ordinal)).Header("X-Twilio-Signature", "RSOYDt4T1cUTdK1PDd93/VVr8B8=");
        Expect.Failed(FailureCode.InvalidSignature, request.VerifyWith(VectorVerifier(VectorUrl)));
    }

    // Twilio signs the parameters, not their order or escaping: equivalent encodings verify, as in Twilio's SDKs.
    [Fact]
    public void Reordered_or_differently_escaped_parameters_are_the_same_parameters()
    {
        const string reordered = "To=%2b18005551212&Digits=1234&CallSid=CA1234567890ABCDE&From=%2B14158675309&Caller=%2B14158675309";
        Expect.Verified(Request.Post(reordered).WithQuery("?foo=1&bar=2").Header("X-Twilio-Signature", "RSOYDt4T1cUTdK1PDd93/VVr8B8=").VerifyWith(VectorVerifier(VectorUrl)));
    }

    [Fact]
    public void Added_parameter_or_changed_value_is_invalid_signature()
    {
        var verifier = VectorVerifier(VectorUrl);
        Expect.Failed(FailureCode.InvalidSignature, Request.Post(VectorForm + "&Extra=").Header("X-Twilio-Signature", "RSOYDt4T1cUTdK1PDd93/VVr8B8=").VerifyWith(verifier));
        Expect.Failed(FailureCode.InvalidSignature, Request.Post(VectorForm.Replace("1234", "1235", StringComparison.Ordinal)).Header("X-Twilio-Signature", "RSOYDt4T1cUTdK1PDd93/VVr8B8=").VerifyWith(verifier));
    }

    [Fact]
    public void Parameter_that_is_not_utf8_once_decoded_is_invalid_signature()
    {
        var request = Request.Post("Body=%C3%28").Header("X-Twilio-Signature", PresetSign.Twilio(Secret, PublicUrl, [KeyValuePair.Create("Body", "\uFFFD(")]));
        Expect.Failed(FailureCode.InvalidSignature, request.VerifyWith(Verifier(Secret)));
    }

    [Fact]
    public void More_parameters_than_any_twilio_request_has_are_malformed()
    {
        var body = string.Join('&', Enumerable.Range(0, 1025).Select(i => $"p{i}=v"));
        var request = Request.Post(body).Header("X-Twilio-Signature", PresetSign.TwilioForm(Secret, PublicUrl, body));
        Expect.Failed(FailureCode.MalformedSignature, request.VerifyWith(Verifier(Secret)));
    }

    [Fact]
    public void Get_webhook_signs_the_url_with_its_query_and_no_body()
    {
        const string query = "?CallSid=CA1&From=%2B14158675309";
        var request = Request.Get(query).Header("X-Twilio-Signature", PresetSign.TwilioUrl(Secret, PublicUrl + query));
        Expect.Verified(request.VerifyWith(Verifier(Secret)));
    }

    /// <summary>
    /// The key is what Twilio signs, not the raw body (a replay may re-encode it at will) nor the unsigned
    /// I-Twilio-Idempotency-Token: the vector's form, reordered and re-escaped, and re-split into other fields with the
    /// same concatenation, all verify — and all have one id.
    /// </summary>
    [Fact]
    public void Delivery_id_is_the_digest_of_the_signed_parameters_whatever_their_encoding()
    {
        var verifier = VectorVerifier(VectorUrl);
        const string reordered = "To=%2b18005551212&Digits=1234&CallSid=CA1234567890ABCDE&From=%2B14158675309&Caller=%2B14158675309";
        // "CallSid" + "CA1234567890ABCDE" re-split as "CallSidCA" + "1234567890ABCDE": the same signed bytes.
        const string resplit = "CallSidCA=1234567890ABCDE&Caller=%2B14158675309&Digits=1234&From=%2B14158675309&To=%2B18005551212";
        string IdOf(string form, string? token = null)
        {
            var request = Request.Post(form).WithQuery("?foo=1&bar=2").Header("X-Twilio-Signature", "RSOYDt4T1cUTdK1PDd93/VVr8B8=");
            if (token is not null)
            {
                request.Header("I-Twilio-Idempotency-Token", token);
            }

            return Expect.Verified(request.VerifyWith(verifier)).DeliveryId!;
        }

        var original = IdOf(VectorForm, IdempotencyToken);
        Assert.StartsWith("sha256:", original, StringComparison.Ordinal);
        Assert.Equal(original, IdOf(reordered));
        Assert.Equal(original, IdOf(resplit, "another-token"));
        Assert.Equal(IdempotencyKeyKind.DeliveryId, verifier.DefaultKeyKind);
    }

    [Fact]
    public void Different_parameters_or_query_have_different_delivery_ids()
    {
        var verifier = Verifier(Secret);
        string IdOf(string form, string query = "")
        {
            var request = Request.Post(form).WithQuery(query).Header("X-Twilio-Signature", PresetSign.TwilioForm(Secret, PublicUrl + query, form));
            return Expect.Verified(request.VerifyWith(verifier)).DeliveryId!;
        }

        Assert.NotEqual(IdOf("MessageSid=SM1&MessageStatus=sent"), IdOf("MessageSid=SM1&MessageStatus=delivered"));
        Assert.NotEqual(IdOf("MessageSid=SM1"), IdOf("MessageSid=SM1", "?attempt=2"));
    }

    /// <summary>In JSON mode the URL's bodySHA256 binds the body: the id follows the body.</summary>
    [Fact]
    public void Json_delivery_ids_follow_the_body_the_url_binds()
    {
        var verifier = Verifier(Secret);
        string IdOf(string json)
        {
            var query = "?bodySHA256=" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(json)));
            var request = Request.Post(json).WithQuery(query).Header("X-Twilio-Signature", PresetSign.TwilioUrl(Secret, PublicUrl + query));
            return Expect.Verified(request.VerifyWith(verifier)).DeliveryId!;
        }

        Assert.Equal(IdOf("""{"a":1}"""), IdOf("""{"a":1}"""));
        Assert.NotEqual(IdOf("""{"a":1}"""), IdOf("""{"a":2}"""));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("/twilio/voice")]
    [InlineData("ftp://hooks.example.com/twilio")]
    [InlineData("https://hooks.example.com/twilio#fragment")]
    public void Public_url_must_be_an_absolute_http_url(string? publicUrl)
    {
        var problems = Verifiers.Problems("twilio", new ProviderSettings { Secrets = [Secret], PublicUrl = publicUrl });
        Assert.Contains(problems, p => p.Key == "PublicUrl");
    }
}
