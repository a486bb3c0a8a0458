using System.Security.Cryptography;

namespace WebhookFirewall.Tests;

/// <summary>
/// The second-wave providers with a handshake, through the real firewall: Braintree's bt_challenge GET, Microsoft
/// Graph's validationToken POST and Mandrill's HEAD probe are answered exactly as each provider expects, and the
/// upstream never sees them; one verified delivery of each is forwarded byte for byte. Plus Contentful, whose signature
/// covers the request path the firewall is given.
/// </summary>
public sealed class SecondWaveBuilderProviderTests : FirewallTestBase
{
    private const string BraintreePublicKey = "integration_public_key";
    private const string BraintreePrivateKey = "integration_private_key";
    private const string GraphClientState = "graph-client-state-4f1d";
    private const string MandrillKey = "mandrill-webhook-key";
    private const string MandrillUrl = "https://hooks.example.com/webhooks/mandrill?route=a";
    private const string ContentfulSecret = "c0ntentfulS1gningSecretOf64Characters-abcdefghijklmnopqrstuvwxyz";

    protected override FirewallConfig Configure(FirewallConfig config) => config
        .Route("braintree", "/webhooks/braintree", "braintree")
        .Route("graph", "/webhooks/graph", "graph")
        .Route("mandrill", "/webhooks/mandrill", "mandrill")
        .Policy("braintree", new { Provider = "braintree", KeyedSecrets = new[] { new { KeyId = BraintreePublicKey, Secret = BraintreePrivateKey } } })
        .Policy("graph", new { Provider = "microsoft-graph", ClientState = GraphClientState })
        .Route("contentful", "/webhooks/contentful", "contentful")
        .Route("contentful-spaces", "/webhooks/contentful-spaces/{**space}", "contentful")
        .Policy("mandrill", new { Provider = "mandrill", Secrets = new[] { MandrillKey }, PublicUrl = MandrillUrl })
        .Policy("contentful", new { Provider = "contentful", Secrets = new[] { ContentfulSecret } });

    [Fact]
    public async Task Braintree_challenge_is_answered_with_the_public_key_and_its_digest()
    {
        using var response = await Client.GetAsync("/webhooks/braintree?bt_challenge=20f9f8ed05f77439fe955c977e4c8a53");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("integration_public_key|d9b899556c966b3f06945ec21311865d35df3ce4", await response.Content.ReadAsStringAsync());
        Assert.Empty(Upstream.Received);
    }

    [Fact]
    public async Task Braintree_challenge_outside_the_sdk_shape_is_refused()
    {
        using var response = await Client.GetAsync("/webhooks/braintree?bt_challenge=PG5vdGlmaWNhdGlvbj4K");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("malformed_signature", await ProblemCodeAsync(response));
        Assert.Empty(Upstream.Received);
    }

    [Fact]
    public async Task Braintree_notification_is_forwarded_byte_for_byte()
    {
        var payload = Convert.ToBase64String(Encoding.UTF8.GetBytes($"<notification><kind>check</kind><id>{Guid.NewGuid():N}</id></notification>")) + "\n";
#pragma warning disable CA5350 // Braintree's scheme: HMAC-SHA1 keyed with SHA-1 of the private key
        var digest = Convert.ToHexStringLower(HMACSHA1.HashData(SHA1.HashData(Encoding.UTF8.GetBytes(BraintreePrivateKey)), Encoding.UTF8.GetBytes(payload)));
#pragma warning restore CA5350
        var body = Encoding.ASCII.GetBytes($"bt_signature={Uri.EscapeDataString($"{BraintreePublicKey}|{digest}")}&bt_payload={Uri.EscapeDataString(payload)}");
        using var request = Post("/webhooks/braintree", body, "application/x-www-form-urlencoded");

        await AssertForwardedAsync(request, body);
    }

    [Fact]
    public async Task Graph_validation_is_answered_with_the_decoded_token_as_plain_text()
    {
        using var request = Post("/webhooks/graph?validationToken=Validation%3A+Testing+client+application+reachability", [], "text/plain");

        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Validation: Testing client application reachability", await response.Content.ReadAsStringAsync());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Empty(Upstream.Received);
    }

    [Fact]
    public async Task Graph_notification_with_the_client_state_is_forwarded_and_one_without_is_refused()
    {
        var body = Encoding.UTF8.GetBytes($$"""{"value":[{"id":"{{Guid.NewGuid():N}}","subscriptionId":"7f105c7d-2dc5-4530-97cd-4e7ae6534c07","clientState":"{{GraphClientState}}","changeType":"created","resource":"users/a/messages/b"}]}""");
        using (var forged = Post("/webhooks/graph", Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(body).Replace(GraphClientState, "guess", StringComparison.Ordinal)), "application/json"))
        {
            using var refused = await Client.SendAsync(forged);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Equal("invalid_signature", await ProblemCodeAsync(refused));
        }

        using var request = Post("/webhooks/graph", body, "application/json");
        await AssertForwardedAsync(request, body);
    }

    [Fact]
    public async Task Mandrill_head_probe_is_answered_200_with_no_body()
    {
        using var response = await Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/webhooks/mandrill?route=a"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.Empty(Upstream.Received);
    }

    [Fact]
    public async Task Mandrill_events_are_forwarded_byte_for_byte()
    {
        var events = $$"""[{"event":"send","_id":"{{Guid.NewGuid():N}}","ts":1700000000}]""";
        var body = Encoding.ASCII.GetBytes("mandrill_events=" + Uri.EscapeDataString(events));
#pragma warning disable CA5350 // Mandrill signs with HMAC-SHA1
        var signature = Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(MandrillKey), Encoding.UTF8.GetBytes(MandrillUrl + "mandrill_events" + events)));
#pragma warning restore CA5350
        using var request = Post("/webhooks/mandrill?route=a", body, "application/x-www-form-urlencoded");
        request.Headers.Add("X-Mandrill-Signature", signature);

        var received = await AssertForwardedAsync(request, body);
        Assert.Equal("/webhooks/mandrill?route=a", received.PathAndQuery);
    }

    /// <summary>Signed as contentful/node-apps-toolkit signs: method, path, sorted signed headers and body, joined by '\n'.</summary>
    [Fact]
    public async Task Contentful_delivery_signed_over_its_path_is_forwarded_and_another_path_refused()
    {
        var body = Encoding.UTF8.GetBytes($$$"""{"sys":{"type":"Entry","id":"{{{Guid.NewGuid():N}}}"}}""");
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        HttpRequestMessage Delivery(string path)
        {
            const string signed = "x-contentful-signed-headers,x-contentful-timestamp,x-contentful-topic";
            var canonical = $"POST\n/webhooks/contentful\nx-contentful-signed-headers:{signed};x-contentful-timestamp:{timestamp};x-contentful-topic:ContentManagement.Entry.publish\n";
            var request = Post(path, body, "application/vnd.contentful.management.v1+json");
            request.Headers.Add("X-Contentful-Topic", "ContentManagement.Entry.publish");
            request.Headers.Add("x-contentful-timestamp", timestamp);
            request.Headers.Add("x-contentful-signed-headers", signed);
            request.Headers.Add("x-contentful-signature", Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(ContentfulSecret), (byte[])[.. Encoding.UTF8.GetBytes(canonical), .. body])));
            return request;
        }

        using (var elsewhere = Delivery("/webhooks/contentful?moved=1"))
        {
            using var refused = await Client.SendAsync(elsewhere);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Equal("invalid_signature", await ProblemCodeAsync(refused));
        }

        using var request = Delivery("/webhooks/contentful");
        await AssertForwardedAsync(request, body);
    }

    /// <summary>Sends a delivery and checks that exactly it reached the upstream, verified.</summary>
    private async Task<ReceivedRequest> AssertForwardedAsync(HttpRequestMessage request, byte[] body)
    {
        using var response = await Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(Upstream.Received);
        Assert.Equal(body, received.Body);
        Assert.Equal("verified", received.Header("X-Webhook-Verification"));
        return received;
    }

    private static HttpRequestMessage Post(string path, byte[] body, string mediaType) =>
        new(HttpMethod.Post, path) { Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue(mediaType) } } };

    /// <summary>
    /// The SDK signs the path as the sender wrote it, then encodeURI-escapes it (so "%20" is signed as "%2520"): the
    /// firewall must hand the scheme the raw request target, not ASP.NET Core's decoded path.
    /// </summary>
    [Fact]
    public async Task Contentful_delivery_to_a_percent_encoded_path_is_verified_over_the_raw_path()
    {
        var body = Encoding.UTF8.GetBytes($$$"""{"sys":{"type":"Entry","id":"{{{Guid.NewGuid():N}}}"}}""");
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        const string signed = "x-contentful-signed-headers,x-contentful-timestamp";
        var canonical = $"POST\n/webhooks/contentful-spaces/a%2520b\nx-contentful-signed-headers:{signed};x-contentful-timestamp:{timestamp}\n";
        using var request = Post("/webhooks/contentful-spaces/a%20b", body, "application/vnd.contentful.management.v1+json");
        request.Headers.Add("x-contentful-timestamp", timestamp);
        request.Headers.Add("x-contentful-signed-headers", signed);
        request.Headers.Add("x-contentful-signature", Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(ContentfulSecret), (byte[])[.. Encoding.UTF8.GetBytes(canonical), .. body])));

        await AssertForwardedAsync(request, body);
    }
}
