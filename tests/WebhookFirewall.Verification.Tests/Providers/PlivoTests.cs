using System.Net;
using System.Text;
using WebhookFirewall.Verification;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>
/// V2's published vector: plivo/plivo-python at a0cd3237d2ce1dc46434572997f9ccf380502af0, tests/resources/test_signature.py
/// (the same in plivo/plivo-node at 4889b056e050beb302dc854c67e6a791086c6d51, test/utils.js). V3 has no published vector:
/// the V3 vectors below were made with plivo-python's own plivo/utils/signature_v3.py (construct_get_url,
/// construct_post_url, get_signature_v3) and verify with plivo-node's lib/utils/v3Security.js, validateV3Signature; the
/// contract's requests are signed as those functions sign, ported here.
/// </summary>
public sealed class PlivoTests : BodySigningProviderContract
{
    private const string PublicUrl = "https://hooks.example.com/plivo/answer/";
    private const string Nonce = "05429567804466091622";
    private const string SdkToken = "MY_AUTH_TOKEN";

    protected override string Provider => "plivo";

    protected override string SignatureHeader => "X-Plivo-Signature-V3";

    protected override ProviderSettings Settings(params string[] secrets) => new() { Secrets = secrets, PublicUrl = PublicUrl };

    protected override IEnumerable<string> MalformedSignatures =>
    [
        "",
        new string('a', 64),
        Convert.ToBase64String(new byte[20]),
        ",,,",
        string.Join(',', Enumerable.Repeat(Convert.ToBase64String(new byte[32]), 17)),
    ];

    /// <summary>A POST callback: the body as the value of one form parameter, as Plivo posts text.</summary>
    protected override Request Signed(string secret, byte[] body, DateTimeOffset signedAt)
    {
        var text = Encoding.UTF8.GetString(body);
        return Request.Post("Body=" + Uri.EscapeDataString(text) + "&CallUUID=abc")
            .Header("Content-Type", "application/x-www-form-urlencoded")
            .Header("X-Plivo-Signature-V3-Nonce", Nonce)
            .Header("X-Plivo-Signature-V3", SignatureV3(secret, "POST", PublicUrl, [new("Body", text), new("CallUUID", "abc")], Nonce));
    }

    /// <summary>A parameter added, a query added to the URL, or another nonce.</summary>
    protected override void Mutate(Request request, Random random)
    {
        switch (random.Next(3))
        {
            case 0:
                request.WithBody([.. request.Body, .. Encoding.UTF8.GetBytes($"&Extra={random.Next()}")]);
                break;
            case 1:
                request.WithQuery($"?x={random.Next()}");
                break;
            default:
                request.ReplaceHeader("X-Plivo-Signature-V3-Nonce", random.Next().ToString(System.Globalization.CultureInfo.InvariantCulture));
                break;
        }
    }

    /// <summary>get_signature_v3(token, construct_get_url / construct_post_url(uri, params), nonce), ported.</summary>
    private static string SignatureV3(string token, string method, string uri, KeyValuePair<string, string>[] parameters, string nonce)
    {
        var question = uri.IndexOf('?', StringComparison.Ordinal);
        var baseUrl = question < 0 ? uri : uri[..question];
        var query = question < 0 ? [] : ParseQs(uri[(question + 1)..]);
        string url;
        if (method == "GET")
        {
            var sorted = SortedQuery([.. query, .. parameters]);
            url = baseUrl + (sorted.Length > 0 ? "?" + sorted : string.Empty);
        }
        else
        {
            var sortedQuery = SortedQuery(query);
            url = parameters.Length == 0
                ? baseUrl + (sortedQuery.Length > 0 ? "?" + sortedQuery : string.Empty)
                : baseUrl + "?" + sortedQuery + (sortedQuery.Length > 0 ? "." : string.Empty)
                    + string.Concat(Sorted(parameters).Select(p => p.Key + p.Value));
        }

        return Convert.ToBase64String(System.Security.Cryptography.HMACSHA256.HashData(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes(url + "." + nonce)));
    }

    private static IEnumerable<KeyValuePair<string, string>> Sorted(IEnumerable<KeyValuePair<string, string>> parameters) =>
        parameters.OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal);

    private static string SortedQuery(IEnumerable<KeyValuePair<string, string>> parameters) => string.Join('&', Sorted(parameters).Select(p => p.Key + "=" + p.Value));

    /// <summary>parse_qs(query, keep_blank_values=True), flattened.</summary>
    private static KeyValuePair<string, string>[] ParseQs(string query) => query.Split('&', StringSplitOptions.RemoveEmptyEntries)
        .Select(pair => pair.Split('=', 2))
        .Select(parts => KeyValuePair.Create(WebUtility.UrlDecode(parts[0]), parts.Length > 1 ? WebUtility.UrlDecode(parts[1]) : string.Empty))
        .ToArray();

    private static IWebhookVerifier SdkVerifier(string publicUrl = "https://example.com/answer/") =>
        Verifiers.Create("plivo", new ProviderSettings { Secrets = [SdkToken], PublicUrl = publicUrl });

    private static Request V3(Request request, string signature) =>
        request.Header("X-Plivo-Signature-V3", signature).Header("X-Plivo-Signature-V3-Nonce", Nonce);

    [Theory]
    // POST https://example.com/answer/?b=2&a=1 with From, To, CallUUID.
    [InlineData("POST", "?b=2&a=1", "From=14155551234&To=14155556789&CallUUID=abc", "ikwrVnC3xTBnemg7Kgwq09nMLsc9Oi0leJNstD/kWfo=")]
    // POST without a query: '?' still precedes the parameters.
    [InlineData("POST", "", "From=14155551234&To=14155556789", "FqArk9Dc3Gb5BEaa2+aRBHB/lW8s7ur+9hiSwWHEwa8=")]
    // POST without parameters: the URL alone, no '.' before the nonce's.
    [InlineData("POST", "?x=1", "", "lbA6ckhAQO/NKoHEFZYnnGX+ylIlo5Ga0o0tzGgc/8M=")]
    // GET: the query sorted by name, then value.
    [InlineData("GET", "?b=2&a=1&a=0", "", "c/oct6WRyN0bJYAPN4AyBCAk8UWdVcmtyhWBvIvCl7E=")]
    // Values are signed decoded: %20 in the query and '+' in the form are both a space.
    [InlineData("POST", "?q=a%20b", "Name=a+b", "qTqrv3XlUWhoJhUqzkiMN2RMT856NnWEVHdvwGSmwEU=")]
    public void Sdk_made_v3_vectors_verify_with_the_nonce_as_delivery_id(string method, string query, string form, string signature)
    {
        var request = V3((method == "GET" ? Request.Get(query) : Request.Post(form).WithQuery(query)), signature);
        var result = Expect.Verified(request.VerifyWith(SdkVerifier()));
        Assert.Equal(Nonce, result.DeliveryId);
        Expect.Failed(FailureCode.InvalidSignature, request.Clone().ReplaceHeader("X-Plivo-Signature-V3-Nonce", "05429567804466091623").VerifyWith(SdkVerifier()));
    }

    [Fact]
    public void Ported_signer_reproduces_the_sdk_vectors()
    {
        Assert.Equal("ikwrVnC3xTBnemg7Kgwq09nMLsc9Oi0leJNstD/kWfo=", SignatureV3(SdkToken, "POST", "https://example.com/answer/?b=2&a=1", [new("From", "14155551234"), new("To", "14155556789"), new("CallUUID", "abc")], Nonce));
        Assert.Equal("c/oct6WRyN0bJYAPN4AyBCAk8UWdVcmtyhWBvIvCl7E=", SignatureV3(SdkToken, "GET", "https://example.com/answer/?b=2&a=1&a=0", [], Nonce));
    }

    // test_signature.py: validate_signature('https://answer.url', '12345', 'ehV3...', 'my_auth_token') is True, and
    // False with 'my_auth_tokens'. V2 signs the URL without its query, and no parameters.
    [Fact]
    public void Published_v2_vector_verifies()
    {
        var request = Request.Post("From=1&To=2").WithQuery("?ignored=1")
            .Header("X-Plivo-Signature-V2", "ehV3IKhLysWBxC1sy8INm0qGoQYdYsHwuoKjsX7FsXc=")
            .Header("X-Plivo-Signature-V2-Nonce", "12345");
        var verifier = Verifiers.Create("plivo", new ProviderSettings { Secrets = ["my_auth_token"], PublicUrl = "https://answer.url" });
        Assert.Equal("12345", Expect.Verified(request.VerifyWith(verifier)).DeliveryId);
        Expect.Failed(FailureCode.InvalidSignature, request.VerifyWith(Verifiers.Create("plivo", new ProviderSettings { Secrets = ["my_auth_tokens"], PublicUrl = "https://answer.url" })));
        Expect.Failed(FailureCode.InvalidSignature, request.Clone().ReplaceHeader("X-Plivo-Signature-V2-Nonce", "12346").VerifyWith(verifier));
    }

    /// <summary>Present V3 headers decide alone: a V2 signature beside a bad V3 one does not rescue the request.</summary>
    [Fact]
    public void V3_decides_when_present()
    {
        var request = Request.Post("From=1").Header("X-Plivo-Signature-V3", Convert.ToBase64String(new byte[32])).Header("X-Plivo-Signature-V3-Nonce", "1")
            .Header("X-Plivo-Signature-V2", "ehV3IKhLysWBxC1sy8INm0qGoQYdYsHwuoKjsX7FsXc=").Header("X-Plivo-Signature-V2-Nonce", "12345");
        Expect.Failed(FailureCode.InvalidSignature, request.VerifyWith(Verifiers.Create("plivo", new ProviderSettings { Secrets = ["my_auth_token"], PublicUrl = "https://answer.url" })));
    }

    /// <summary>Ma-V3 carries the main account's signature: a configured main-account token verifies through it.</summary>
    [Fact]
    public void Main_account_header_and_comma_lists_are_read()
    {
        var request = Request.Post("From=14155551234&To=14155556789").WithQuery(string.Empty)
            .Header("X-Plivo-Signature-V3", Convert.ToBase64String(new byte[32]) + "," + Convert.ToBase64String(new byte[32]))
            .Header("X-Plivo-Signature-Ma-V3", Convert.ToBase64String(new byte[32]) + ",FqArk9Dc3Gb5BEaa2+aRBHB/lW8s7ur+9hiSwWHEwa8=")
            .Header("X-Plivo-Signature-V3-Nonce", Nonce);
        Expect.Verified(request.VerifyWith(Verifiers.Create("plivo", new ProviderSettings { Secrets = ["subaccount token", SdkToken], PublicUrl = "https://example.com/answer/" })), secretIndex: 1);
    }

    [Fact]
    public void Request_query_is_appended_sorted_when_the_public_url_has_none_and_must_match_when_it_has_one()
    {
        var request = V3(Request.Post("From=14155551234&To=14155556789&CallUUID=abc").WithQuery("?a=1&b=2"), "ikwrVnC3xTBnemg7Kgwq09nMLsc9Oi0leJNstD/kWfo=");
        Expect.Verified(request.VerifyWith(SdkVerifier()));
        Expect.Verified(request.Clone().WithQuery("?b=2&a=1").VerifyWith(SdkVerifier("https://example.com/answer/?b=2&a=1")));
        Expect.Failed(FailureCode.InvalidSignature, request.VerifyWith(SdkVerifier("https://example.com/answer/?b=2&a=1")));
        Expect.Failed(FailureCode.InvalidSignature, request.Clone().WithQuery("?b=2&a=1").VerifyWith(SdkVerifier("https://example.com/answer/?a=1&b=2&c=3")));
        Expect.Failed(FailureCode.InvalidSignature, request.Clone().WithQuery("?a=1&b=3").VerifyWith(SdkVerifier()));
    }

    [Fact]
    public void Missing_or_repeated_nonce_is_malformed()
    {
        Expect.Failed(FailureCode.MalformedSignature, Valid().WithoutHeader("X-Plivo-Signature-V3-Nonce").VerifyWith(Verifier(Secret)));
        Expect.Failed(FailureCode.MalformedSignature, Valid().Header("X-Plivo-Signature-V3-Nonce", Nonce).VerifyWith(Verifier(Secret)));
    }

    [Fact]
    public void Public_url_is_required()
    {
        Assert.Contains(Verifiers.Problems("plivo", new ProviderSettings { Secrets = [Secret] }), p => p.Key == "PublicUrl");
    }

    [Fact]
    public void Sign_verb_output_verifies()
    {
        var problems = new List<SettingProblem>();
        var signer = ProviderCatalogue.CreateSigner("plivo", Secret, new ProviderSettings { PublicUrl = PublicUrl }, problems);
        Assert.Empty(problems);
        var body = "From=14155551234&To=14155556789"u8.ToArray();
        var headers = new List<KeyValuePair<string, string>>();
        signer!.Sign(new SigningInput(body, Now, "nonce-42", Url: PublicUrl + "?b=2&a=1"), headers);
        var request = Request.Post(body).WithQuery("?b=2&a=1");
        foreach (var (name, value) in headers)
        {
            request.Header(name, value);
        }

        Assert.Equal("nonce-42", Expect.Verified(request.VerifyWith(Verifier(Secret))).DeliveryId);
    }
}
