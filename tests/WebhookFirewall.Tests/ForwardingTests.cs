namespace WebhookFirewall.Tests;

/// <summary>A verified delivery reaches the upstream byte for byte, whatever its bytes and framing.</summary>
public sealed class ForwardingTests : FirewallTestBase
{
    public static TheoryData<string, byte[]> Bodies => new()
    {
        { "odd whitespace", Encoding.UTF8.GetBytes("{ \"a\" :\t1 ,\n\n  \"b\":[ 1 , 2 ]   }   ") },
        { "non-ASCII", Encoding.UTF8.GetBytes("{\"name\":\"Zoë Łukasz 東京 🚀\",\"escaped\":\"\\u00e9\"}") },
        { "CRLF", Encoding.UTF8.GetBytes("{\r\n  \"line\": \"one\\r\\ntwo\"\r\n}\r\n") },
        { "invalid UTF-8 and NUL", [0x7B, 0xFF, 0xFE, 0x00, 0xC3, 0x28, 0x7D] },
        { "empty", [] },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task Verified_delivery_arrives_byte_identical(string name, byte[] body)
    {
        using var response = await Client.SendAsync(GitHubDelivery(body));

        Assert.True(response.StatusCode == HttpStatusCode.OK, name);
        Assert.Equal("upstream-ok", await response.Content.ReadAsStringAsync());
        var received = Assert.Single(Upstream.Received);
        Assert.Equal(body, received.Body);
        Assert.Equal("verified", received.Header("X-Webhook-Verification"));
        Assert.Equal(GitHub(body), received.Header("X-Hub-Signature-256"));
    }

    [Fact]
    public async Task A_900_KiB_body_arrives_byte_identical()
    {
        var body = new byte[900 * 1024];
        new Random(900).NextBytes(body);

        using var response = await Client.SendAsync(GitHubDelivery(body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(Upstream.Received);
        Assert.Equal(body, received.Body);
        Assert.Equal(body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), received.Header("Content-Length"));
    }

    [Fact]
    public async Task A_chunked_delivery_is_forwarded_with_content_length_and_without_transfer_encoding()
    {
        var body = Encoding.UTF8.GetBytes(new string('x', 40_000) + "{\"chunked\":true}");
        var request = GitHubDelivery(body);
        // A stream of unknown length makes HttpClient send Transfer-Encoding: chunked.
        request.Content = new StreamContent(new NonSeekableStream(body));
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TransferEncodingChunked = true;

        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(Upstream.Received);
        Assert.Equal(body, received.Body);
        Assert.Null(received.Header("Transfer-Encoding"));
        Assert.Equal(body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), received.Header("Content-Length"));
    }

    [Fact]
    public async Task The_previous_secret_still_verifies_during_rotation()
    {
        var body = Encoding.UTF8.GetBytes("{\"rotated\":true}");

        using var response = await Client.SendAsync(GitHubDelivery(body, secret: GitHubPreviousSecret));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(body, Assert.Single(Upstream.Received).Body);
    }

    [Fact]
    public async Task The_upstream_status_and_body_are_returned_as_they_are()
    {
        Upstream.Respond = _ => (202, "accepted-by-backend");

        using var response = await Client.SendAsync(GitHubDelivery("{}"u8.ToArray()));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("accepted-by-backend", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Spoofed_verification_headers_are_replaced_on_verified_routes()
    {
        var request = GitHubDelivery("{}"u8.ToArray());
        request.Headers.Add("X-Webhook-Verification", "verified-by-attacker");
        request.Headers.Add("X-Webhook-Duplicate", "true");

        using var response = await Client.SendAsync(request);

        var received = Assert.Single(Upstream.Received);
        Assert.Equal("verified", received.Header("X-Webhook-Verification"));
        Assert.Null(received.Header("X-Webhook-Duplicate"));
    }

    [Fact]
    public async Task Anonymous_routes_forward_unverified_but_strip_spoofed_headers()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/open/anything?x=1") { Content = new StringContent("plain") };
        request.Headers.Add("X-Webhook-Verification", "verified");
        request.Headers.Add("X-Webhook-Duplicate", "true");

        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(Upstream.Received);
        Assert.Equal("/open/anything?x=1", received.PathAndQuery);
        Assert.Null(received.Header("X-Webhook-Verification"));
        Assert.Null(received.Header("X-Webhook-Duplicate"));
    }

    [Fact]
    public async Task An_upstream_cannot_fake_a_duplicate_answer()
    {
        Upstream.Respond = _ => (200, "ok");
        var request = GitHubDelivery("{}"u8.ToArray());

        using var response = await Client.SendAsync(request);

        Assert.False(response.Headers.Contains("X-Webhook-Duplicate"));
    }

    [Fact]
    public async Task Unknown_paths_are_404_and_reach_nothing()
    {
        using var response = await Client.PostAsync("/webhooks/unknown", new StringContent("{}"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(Upstream.Received);
    }

    [Fact]
    public async Task Stripe_and_standard_webhooks_deliveries_are_forwarded()
    {
        var body = "{\"id\":\"evt_1\",\"object\":\"event\"}"u8.ToArray();
        using var stripe = new HttpRequestMessage(HttpMethod.Post, "/webhooks/stripe") { Content = new ByteArrayContent(body) };
        stripe.Headers.Add("Stripe-Signature", Sign.Stripe(StripeSecret, Sign.Now(), body));
        using var standard = new HttpRequestMessage(HttpMethod.Post, "/webhooks/standard") { Content = new ByteArrayContent(body) };
        var now = Sign.Now();
        standard.Headers.Add("webhook-id", "msg_1");
        standard.Headers.Add("webhook-timestamp", now.ToString(System.Globalization.CultureInfo.InvariantCulture));
        standard.Headers.Add("webhook-signature", "v1,bm90LXRoaXMtb25l " + Sign.StandardWebhooks(StandardKey, "msg_1", now, body));

        using var stripeResponse = await Client.SendAsync(stripe);
        using var standardResponse = await Client.SendAsync(standard);

        Assert.Equal(HttpStatusCode.OK, stripeResponse.StatusCode);
        Assert.Equal(HttpStatusCode.OK, standardResponse.StatusCode);
        Assert.Equal(2, Upstream.Received.Count);
        Assert.All(Upstream.Received, r => Assert.Equal(body, r.Body));
    }

    private static string GitHub(byte[] body) => Sign.GitHub(GitHubSecret, body);

    /// <summary>Hides the length so the client must chunk.</summary>
    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
