using System.Globalization;
using System.Security.Cryptography;

namespace WebhookFirewall.Tests;

/// <summary>
/// Providers that sign the URL (Twilio, Square, HubSpot) through the real firewall: the URL checked is the policy's
/// `PublicUrl` plus the request's query string, never one rebuilt from Host or X-Forwarded-* (which the sender
/// controls), and a verified delivery reaches the upstream byte for byte.
/// </summary>
public sealed class UrlSigningProviderTests : FirewallTestBase
{
    private const string TwilioToken = "twilio-auth-token";
    private const string SquareKey = "square-signature-key";
    private const string HubSpotSecret = "hubspot-client-secret";
    private const string TwilioUrl = "https://hooks.example.com/webhooks/twilio";
    private const string SquareUrl = "https://hooks.example.com/webhooks/square";
    private const string HubSpotUrl = "https://hooks.example.com/webhooks/hubspot";

    protected override FirewallConfig Configure(FirewallConfig config) => config
        .Route("twilio", "/webhooks/twilio", "twilio")
        .Route("square", "/webhooks/square", "square")
        .Route("hubspot", "/webhooks/hubspot", "hubspot")
        .Policy("twilio", new { Provider = "twilio", Secrets = new[] { TwilioToken }, PublicUrl = TwilioUrl })
        .Policy("square", new { Provider = "square", Secrets = new[] { SquareKey }, PublicUrl = SquareUrl })
        .Policy("hubspot", new { Provider = "hubspot", Secrets = new[] { HubSpotSecret }, PublicUrl = HubSpotUrl });

    [Fact]
    public async Task Twilio_form_post_is_verified_against_the_public_url_and_forwarded_byte_identical()
    {
        var body = "AccountSid=AC123&Body=Hello%20there%21&From=%2B14158675309&To=%2B18005551212&NumMedia=0"u8.ToArray();
        using var request = TwilioPost("/webhooks/twilio?tenant=7", body, TwilioUrl + "?tenant=7");

        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(Upstream.Received);
        Assert.Equal(body, received.Body);
        Assert.Equal("/webhooks/twilio?tenant=7", received.PathAndQuery);
        Assert.Equal("verified", received.Header("X-Webhook-Verification"));
        Assert.Equal(request.Headers.GetValues("X-Twilio-Signature").Single(), received.Header("X-Twilio-Signature"));
    }

    [Fact]
    public async Task Twilio_json_post_carries_its_body_hash_in_the_url_and_a_changed_body_is_refused()
    {
        var body = "{\"ParentCallSid\":\"CA1\",\"Status\":\"completed\"}"u8.ToArray();
        var query = "?bodySHA256=" + Convert.ToHexStringLower(SHA256.HashData(body));
        using var request = TwilioPost("/webhooks/twilio" + query, body, TwilioUrl + query, json: true);
        using var response = await Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(body, Assert.Single(Upstream.Received).Body);

        byte[] changed = [.. body[..^2], .. "!\"}"u8];
        using var tampered = TwilioPost("/webhooks/twilio" + query, changed, TwilioUrl + query, json: true);
        using var refused = await Client.SendAsync(tampered);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("invalid_signature", await ProblemCodeAsync(refused));
        Assert.Single(Upstream.Received);
    }

    [Fact]
    public async Task Square_json_post_is_verified_against_the_public_url_and_forwarded_byte_identical()
    {
        var body = Encoding.UTF8.GetBytes($"{{\"merchant_id\":\"ML1\",\"type\":\"payment.updated\",\"event_id\":\"{Guid.NewGuid()}\",\"data\":{{\"note\":\"Zoë >id<\"}}}}");
        using var request = SquarePost("/webhooks/square", body, SquareUrl);

        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(Upstream.Received);
        Assert.Equal(body, received.Body);
        Assert.Equal("verified", received.Header("X-Webhook-Verification"));
    }

    // Whoever sends the request chooses Host and X-Forwarded-*: a signature made for the URL they name proves nothing.
    [Theory]
    [InlineData("twilio")]
    [InlineData("square")]
    [InlineData("hubspot")]
    public async Task Signature_over_a_spoofed_host_is_refused(string provider)
    {
        var path = "/webhooks/" + provider;
        var body = "{\"event_id\":\"spoof-1\",\"n\":1}"u8.ToArray();
        using var request = Delivery(provider, path, body, "https://attacker.example" + path);
        request.Headers.Host = "attacker.example";
        request.Headers.Add("X-Forwarded-Host", "attacker.example");
        request.Headers.Add("X-Forwarded-Proto", "https");

        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("invalid_signature", await ProblemCodeAsync(response));
        Assert.Empty(Upstream.Received);
    }

    [Theory]
    [InlineData("twilio", TwilioUrl)]
    [InlineData("square", SquareUrl)]
    [InlineData("hubspot", HubSpotUrl)]
    public async Task Spoofed_host_headers_do_not_change_the_url_that_is_checked(string provider, string publicUrl)
    {
        var path = "/webhooks/" + provider;
        var body = "{\"event_id\":\"host-1\",\"n\":2}"u8.ToArray();
        using var request = Delivery(provider, path, body, publicUrl);
        request.Headers.Host = "attacker.example";
        request.Headers.Add("X-Forwarded-Host", "attacker.example:8443");
        request.Headers.Add("X-Forwarded-Proto", "http");
        request.Headers.Add("X-Forwarded-Prefix", "/elsewhere");

        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(body, Assert.Single(Upstream.Received).Body);
    }

    [Theory]
    [InlineData("twilio", TwilioToken, TwilioUrl)]
    [InlineData("square", SquareKey, SquareUrl)]
    [InlineData("hubspot", HubSpotSecret, HubSpotUrl)]
    public async Task Sign_verb_output_for_the_public_url_is_accepted(string provider, string secret, string publicUrl)
    {
        var body = provider == "twilio" ? "CallSid=CA9&From=%2B14158675309"u8.ToArray() : Encoding.UTF8.GetBytes($"{{\"event_id\":\"{Guid.NewGuid()}\"}}");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/webhooks/{provider}?via=sign") { Content = new ByteArrayContent(body) };

        await SignVerb.SignAsync(request, body, Firewall.Directory, "--provider", provider, "--secret", secret, "--url", publicUrl + "?via=sign");

        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(body, Assert.Single(Upstream.Received).Body);
    }

    private static HttpRequestMessage Delivery(string provider, string path, byte[] body, string signedUrl) => provider switch
    {
        "twilio" => TwilioPost(path, body, signedUrl + "?bodySHA256=" + Convert.ToHexStringLower(SHA256.HashData(body)), json: true, query: true),
        "square" => SquarePost(path, body, signedUrl),
        _ => HubSpotPost(path, body, signedUrl),
    };

    /// <summary>As twilio-python's RequestValidator: URL + sorted name+value of the form (none for JSON), HMAC-SHA1, base64.</summary>
    private static HttpRequestMessage TwilioPost(string path, byte[] body, string signedUrl, bool json = false, bool query = false)
    {
        if (query)
        {
            path += signedUrl[signedUrl.IndexOf('?', StringComparison.Ordinal)..];
        }

        var content = new StringBuilder(signedUrl);
        if (!json)
        {
            var parameters = Encoding.UTF8.GetString(body).Split('&')
                .Select(pair => pair.Split('=', 2))
                .Select(pair => (Name: Uri.UnescapeDataString(pair[0]), Value: Uri.UnescapeDataString(pair[1])))
                .OrderBy(p => p.Name, StringComparer.Ordinal);
            foreach (var (name, value) in parameters)
            {
                content.Append(name).Append(value);
            }
        }

#pragma warning disable CA5350 // Twilio's scheme is HMAC-SHA1
        var signature = Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(TwilioToken), Encoding.UTF8.GetBytes(content.ToString())));
#pragma warning restore CA5350
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(json ? "application/json" : "application/x-www-form-urlencoded");
        request.Headers.Add("X-Twilio-Signature", signature);
        request.Headers.Add("I-Twilio-Idempotency-Token", Guid.NewGuid().ToString());
        return request;
    }

    /// <summary>As Square's webhooks helper: base64 HMAC-SHA256 of notification URL + body.</summary>
    private static HttpRequestMessage SquarePost(string path, byte[] body, string signedUrl)
    {
        byte[] content = [.. Encoding.UTF8.GetBytes(signedUrl), .. body];
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("x-square-hmacsha256-signature", Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(SquareKey), content)));
        return request;
    }

    /// <summary>As HubSpot's v3: base64 HMAC-SHA256 of method + URI + body + timestamp (ms).</summary>
    private static HttpRequestMessage HubSpotPost(string path, byte[] body, string signedUrl)
    {
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        byte[] content = [.. Encoding.UTF8.GetBytes("POST" + signedUrl), .. body, .. Encoding.UTF8.GetBytes(timestamp)];
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-HubSpot-Signature-v3", Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(HubSpotSecret), content)));
        request.Headers.Add("X-HubSpot-Request-Timestamp", timestamp);
        return request;
    }
}
