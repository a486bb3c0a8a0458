using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using WebhookFirewall.Verification;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>
/// Contentful publishes no signature vector. The vectors below were made by its SDK — contentful/node-apps-toolkit at
/// 42bf35ea1397612aa0377b68492c651492e18e90, src/requests/sign-request.ts, signRequest (secret, request, timestamp) —
/// and the contract's requests are signed here as that function and verify-request.ts build the canonical request:
/// method, path escaped by querystring.escape then encodeURI, `name:value` of the sorted signed headers joined by ';',
/// body, joined by '\n'; hex HMAC-SHA256 with the secret's UTF-8.
/// </summary>
public sealed class ContentfulTests : TimestampSigningProviderContract
{
    private const string SdkSecret = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private const string Path = "/webhooks/contentful";

    protected override string Provider => "contentful";

    protected override string SignatureHeader => "x-contentful-signature";

    /// <summary>Contentful's secrets are 64 characters of one alphabet: the test secrets become the hex of their SHA-256.</summary>
    protected override string ConfiguredSecret(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    protected override IEnumerable<string> MalformedSignatures =>
    [
        "",
        new string('a', 63),
        new string('z', 64),
        Convert.ToBase64String(new byte[32]),
        "sha256=" + new string('a', 64),
    ];

    protected override Request Signed(string secret, byte[] body, DateTimeOffset signedAt)
    {
        var timestamp = signedAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var request = Request.Post(body).WithPath(Path)
            .Header("Content-Type", "application/vnd.contentful.management.v1+json")
            .Header("X-Contentful-Topic", "ContentManagement.Entry.publish")
            .Header("x-contentful-timestamp", timestamp)
            .Header("x-contentful-signed-headers", "x-contentful-signed-headers,x-contentful-timestamp,x-contentful-topic");
        return request.Header("x-contentful-signature", SdkSignature(secret, "POST", Path, [new("x-contentful-topic", "ContentManagement.Entry.publish")], timestamp, body));
    }

    protected override Request WithoutTimestamp(Request valid) => valid.WithoutHeader("x-contentful-timestamp");

    /// <summary>A shifted timestamp, another path, another topic, or a changed body.</summary>
    protected override void Mutate(Request request, Random random)
    {
        switch (random.Next(4))
        {
            case 0:
                Oracles.ShiftNumber(request, "x-contentful-timestamp", random);
                break;
            case 1:
                request.WithPath(Path + "/" + random.Next());
                break;
            case 2:
                request.ReplaceHeader("X-Contentful-Topic", "ContentManagement.Entry.delete");
                break;
            default:
                base.Mutate(request, random);
                break;
        }
    }

    /// <summary>signRequest for headers already picked and normalised (lower-case names, trimmed values).</summary>
    private static string SdkSignature(string secret, string method, string pathAndQuery, KeyValuePair<string, string>[] headers, string timestamp, byte[] body)
    {
        var all = headers.Append(new("x-contentful-timestamp", timestamp)).Append(new("x-contentful-signed-headers", string.Empty))
            .OrderBy(h => h.Key, StringComparer.Ordinal).ToArray();
        var signed = string.Join(',', all.Select(h => h.Key));
        var canonical = string.Join(';', all.Select(h => $"{h.Key}:{(h.Key == "x-contentful-signed-headers" ? signed : h.Value)}"));
        return Sign.Sha256Hex(secret, Sign.Concat($"{method}\n{NormalizedUri(pathAndQuery)}\n{canonical}\n", body));
    }

    /// <summary>utils.ts, getNormalizedEncodedURI: `encodeURI(search ? pathname + "?" + querystring.escape(search) : pathname)`.</summary>
    private static string NormalizedUri(string uri)
    {
        var parts = uri.Split('?');
        var escaped = parts.Length > 1 && parts[1].Length > 0 ? Escape(parts[1], "-_.!~*'()") : string.Empty;
        return Escape(escaped.Length > 0 ? parts[0] + "?" + escaped : parts[0], ";/?:@&=+$,-_.!~*'()#");
    }

    /// <summary>
    /// encodeURI (kept: ASCII letters, digits and ;/?:@&amp;=+$,-_.!~*'()#) and querystring.escape (kept: letters,
    /// digits and -_.!~*'()): anything else as %XX of its UTF-8.
    /// </summary>
    private static string Escape(string text, string kept) => string.Concat(Encoding.UTF8.GetBytes(text).Select(b =>
        char.IsAsciiLetterOrDigit((char)b) || kept.Contains((char)b, StringComparison.Ordinal) ? ((char)b).ToString() : $"%{b:X2}"));

    private static IWebhookVerifier SdkVerifier() => Verifiers.Create("contentful", SdkSecret);

    /// <summary>The three headers signRequest returned, on a request received at the time it signed.</summary>
    private static void SdkHeaders(Request request, string signature, string signedHeaders, long milliseconds) =>
        request.At(DateTimeOffset.FromUnixTimeMilliseconds(milliseconds))
            .Header("x-contentful-signature", signature)
            .Header("x-contentful-signed-headers", signedHeaders)
            .Header("x-contentful-timestamp", milliseconds.ToString(CultureInfo.InvariantCulture));

    // signRequest(secret, { method: 'GET', path: '/api/resources/1' }, 1603379941037) — the request of sign-request.spec.ts.
    [Fact]
    public void Sdk_vector_without_headers_verifies()
    {
        var request = Request.Get().WithPath("/api/resources/1");
        SdkHeaders(request, "3b21d63c31a2a92d38945394da0b1a2a0dc2d9bf13ef4dfd91b9f3fa1440b404", "x-contentful-signed-headers,x-contentful-timestamp", 1603379941037);
        Expect.Verified(request.VerifyWith(SdkVerifier()));
        Expect.Failed(FailureCode.InvalidSignature, request.Clone().WithPath("/api/resources/2").VerifyWith(SdkVerifier()));
        Expect.Failed(FailureCode.InvalidSignature, request.Clone().WithMethod("POST").VerifyWith(SdkVerifier()));
    }

    // signRequest(secret, { method: 'POST', path: '/webhooks/contentful?x=1', headers: { 'X-Contentful-Topic': ...,
    // 'x-contentful-webhook-request-attempt': '1' }, body }, 1603379941037): the query is signed as ?x%253D1.
    [Fact]
    public void Sdk_vector_with_a_query_and_signed_headers_verifies()
    {
        var request = Request.Post("""{"sys":{"id":"abc"}}""").WithPath("/webhooks/contentful").WithQuery("?x=1")
            .Header("X-Contentful-Topic", "ContentManagement.Entry.publish")
            .Header("x-contentful-webhook-request-attempt", "1");
        SdkHeaders(request, "737b99f15043f8948c9fa04596fa759824762911399e99dcf1da14fbf0893352", "x-contentful-signed-headers,x-contentful-timestamp,x-contentful-topic,x-contentful-webhook-request-attempt", 1603379941037);
        Expect.Verified(request.VerifyWith(SdkVerifier()));
        Expect.Failed(FailureCode.InvalidSignature, request.Clone().WithQuery("?x=2").VerifyWith(SdkVerifier()));
        Expect.Failed(FailureCode.InvalidSignature, request.Clone().ReplaceHeader("x-contentful-webhook-request-attempt", "2").VerifyWith(SdkVerifier()));
        Expect.Failed(FailureCode.InvalidSignature, request.Clone().WithoutHeader("x-contentful-webhook-request-attempt").VerifyWith(SdkVerifier()));
    }

    // signRequest with a raw request target holding escapes, non-ASCII and reserved characters, three headers named in
    // capitals, at 1700000000000: '%' is escaped again, space and '/' in the query too.
    [Fact]
    public void Sdk_vector_with_escapes_in_path_and_query_verifies()
    {
        var request = Request.Post("""{"sys":{"type":"Entry","id":"5KsDBWseXY6QegucYAoacS"}}""").WithPath("/hooks/a%20b/caf%C3%A9").WithQuery("?space=x y&q=a/b+c%2Fd")
            
            .Header("Content-Type", "application/vnd.contentful.management.v1+json")
            .Header("X-Contentful-Topic", "ContentManagement.Entry.publish")
            .Header("X-Contentful-Webhook-Name", "Deploy");
        SdkHeaders(request, "525a0d2e856310eb4385c8c32f1ce2aa9ffc918513664f44426a193fe824160a", "content-type,x-contentful-signed-headers,x-contentful-timestamp,x-contentful-topic,x-contentful-webhook-name", 1700000000000);
        Expect.Verified(request.VerifyWith(SdkVerifier()));
        Assert.Equal("525a0d2e856310eb4385c8c32f1ce2aa9ffc918513664f44426a193fe824160a", SdkSignature(
            SdkSecret,
            "POST",
            "/hooks/a%20b/caf%C3%A9?space=x y&q=a/b+c%2Fd",
            [new("content-type", "application/vnd.contentful.management.v1+json"), new("x-contentful-topic", "ContentManagement.Entry.publish"), new("x-contentful-webhook-name", "Deploy")],
            "1700000000000",
            Encoding.UTF8.GetBytes("""{"sys":{"type":"Entry","id":"5KsDBWseXY6QegucYAoacS"}}""")));
        Expect.Failed(FailureCode.InvalidSignature, request.Clone().WithPath("/hooks/a b/café").VerifyWith(SdkVerifier()));
    }

    // signRequest(secret, { method: 'POST', path: "/hook?a=(b)!*'~&c=d?e", body: 'x' }, 1700000000000): querystring.escape
    // keeps !*'()~, and the SDK's split('?') drops what follows a second '?' — so that signature also covers
    // "?a=(b)!*'~&c=d" alone, and a request with a second '?' is refused rather than verified in part.
    [Fact]
    public void Sdk_vector_with_marks_verifies_and_a_second_question_mark_is_refused()
    {
        var request = Request.Post("x").WithPath("/hook").WithQuery("?a=(b)!*'~&c=d");
        SdkHeaders(request, "823f6aa3a3a59968059a0d415a97c3582e2d6b4de68ba36f61544f9b93b4abd3", "x-contentful-signed-headers,x-contentful-timestamp", 1700000000000);
        Expect.Verified(request.VerifyWith(SdkVerifier()));
        Expect.Failed(FailureCode.InvalidSignature, request.Clone().WithQuery("?a=(b)!*'~&c=d?e").VerifyWith(SdkVerifier()));
        Assert.Equal("823f6aa3a3a59968059a0d415a97c3582e2d6b4de68ba36f61544f9b93b4abd3", SdkSignature(SdkSecret, "POST", "/hook?a=(b)!*'~&c=d", [], "1700000000000", "x"u8.ToArray()));
    }

    /// <summary>As verify-request.ts picks headers: a listed name matches only a lower-case, untrimmed entry.</summary>
    [Fact]
    public void Listed_names_in_capitals_or_with_spaces_pick_no_header()
    {
        var timestamp = Now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var secret = ConfiguredSecret(Secret);
        var request = Request.Post(DefaultBody).WithPath(Path)
            .Header("X-Contentful-Topic", "ContentManagement.Entry.publish")
            .Header("x-contentful-timestamp", timestamp)
            .Header("x-contentful-signed-headers", "x-contentful-signed-headers,x-contentful-timestamp,X-Contentful-Topic, x-contentful-topic")
            .Header("x-contentful-signature", SdkSignature(secret, "POST", Path, [], timestamp, DefaultBody));
        Expect.Verified(request.VerifyWith(Verifier(Secret)));
    }

    [Fact]
    public void A_listed_header_the_request_lacks_is_left_out_and_a_repeated_one_is_malformed()
    {
        var request = Valid();
        request.ReplaceHeader("x-contentful-signed-headers", "x-contentful-signed-headers,x-contentful-timestamp,x-contentful-topic,x-absent");
        Expect.Verified(request.VerifyWith(Verifier(Secret)));
        Expect.Failed(FailureCode.MalformedSignature, Valid().Header("X-Contentful-Topic", "ContentManagement.Entry.delete").VerifyWith(Verifier(Secret)));
    }

    [Theory]
    [InlineData("x-contentful-signed-headers")]
    [InlineData("a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q")]
    public void Signed_header_lists_outside_the_sdk_bounds_are_malformed(string list)
    {
        Expect.Failed(FailureCode.MalformedSignature, Valid().ReplaceHeader("x-contentful-signed-headers", list).VerifyWith(Verifier(Secret)));
    }

    [Fact]
    public void Missing_or_repeated_signed_headers_list_is_malformed()
    {
        Expect.Failed(FailureCode.MalformedSignature, Valid().WithoutHeader("x-contentful-signed-headers").VerifyWith(Verifier(Secret)));
        var request = Valid();
        Expect.Failed(FailureCode.MalformedSignature, request.Header("x-contentful-signed-headers", request.Headers.Get("x-contentful-signed-headers").Value!).VerifyWith(Verifier(Secret)));
    }

    [Theory]
    [InlineData("short")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!")]
    public void Secret_that_Contentful_cannot_issue_is_refused(string secret)
    {
        Assert.Contains(Verifiers.Problems("contentful", new ProviderSettings { Secrets = [secret] }), p => p.Key == "Secrets:0");
    }

    [Fact]
    public void Topic_is_the_event_type_and_no_delivery_id_is_sent()
    {
        var verifier = Verifier(Secret);
        Assert.Equal("X-Contentful-Topic", verifier.Info.EventTypeHeader);
        Assert.Null(Expect.Verified(Valid().VerifyWith(verifier)).DeliveryId);
    }

    /// <summary>Paths JavaScript's encodeURI throws on (a lone surrogate) are refused, never an exception.</summary>
    [Theory]
    [InlineData("/hook\ud800")]
    [InlineData("/hook/\udc00x")]
    [InlineData("")]
    public void Paths_the_sdk_cannot_escape_are_invalid(string path)
    {
        var request = Valid().WithPath(path);
        var result = request.VerifyWith(Verifier(Secret));
        Assert.True(result.Outcome == VerificationOutcome.Failed, result.ToString());
        Expect.Failed(FailureCode.InvalidSignature, Valid().WithQuery("?a=\ud800").VerifyWith(Verifier(Secret)));
    }

    [Fact]
    public void Sign_verb_output_verifies()
    {
        var problems = new List<SettingProblem>();
        var signer = ProviderCatalogue.CreateSigner("contentful", ConfiguredSecret(Secret), new ProviderSettings(), problems);
        Assert.Empty(problems);
        var headers = new List<KeyValuePair<string, string>>();
        signer!.Sign(new SigningInput(DefaultBody, Now, "unused", Url: "https://hooks.example.com/webhooks/contentful?space=1"), headers);
        var request = Request.Post(DefaultBody).WithPath(Path).WithQuery("?space=1");
        foreach (var (name, value) in headers)
        {
            request.Header(name, value);
        }

        Expect.Verified(request.VerifyWith(Verifier(Secret)));
    }
}
