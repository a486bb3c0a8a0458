using System.Security.Cryptography;

namespace WebhookFirewall.Tests;

/// <summary>
/// The second-wave body-signing providers that have a handshake, through the real firewall: each handshake answered
/// exactly as the provider expects it (Report mode included where the provider says so) with the upstream never
/// contacted, and one verified delivery of each forwarded byte for byte.
/// </summary>
public sealed class SecondWaveBodyProviderTests : FirewallTestBase
{
    private const string TwitterSecret = "z3ZX4v7mAAUGykl3EcmkqbartmuW8VFOOzCloLx9Q45P0hLrFu";
    private const string WooCommerceSecret = "woo-secret&amp;stored-by-wordpress";
    private const string XeroKey = "xero-webhooks-signing-key";
    private const string NylasSecret = "nylas-webhook-secret";
    private const string WorldlineKeyId = "47e9dc332ca24273818be2a46072e006";
    private const string WorldlineSecret = "worldline+secret/key";
    private const string TeamsToken = "vqF0En+Z0ucuRTM/01o2GuhMH3hKKk/N2bOmlM31zaA=";

    private static readonly byte[] IntentToReceive = """{"events":[],"lastEventSequence":0,"firstEventSequence":0,"entropy":"S0m3r4Nd0mt3xt"}"""u8.ToArray();

    protected override FirewallConfig Configure(FirewallConfig config) => config
        .Route("twitter", "/webhooks/twitter", "twitter")
        .Route("woocommerce", "/webhooks/woocommerce", "woocommerce")
        .Route("xero", "/webhooks/xero", "xero")
        .Route("xero-report", "/webhooks/xero-report", "xero-report")
        .Route("nylas", "/webhooks/nylas", "nylas")
        .Route("worldline", "/webhooks/worldline", "worldline")
        .Route("teams", "/webhooks/teams", "teams")
        .Policy("twitter", new { Provider = "twitter", Secrets = new[] { TwitterSecret } })
        .Policy("woocommerce", new { Provider = "woocommerce", Secrets = new[] { WooCommerceSecret } })
        .Policy("xero", new { Provider = "xero", Secrets = new[] { XeroKey } })
        .Policy("xero-report", new { Provider = "xero", Secrets = new[] { XeroKey }, Mode = "Report" })
        .Policy("nylas", new { Provider = "nylas", Secrets = new[] { NylasSecret } })
        .Policy("worldline", new { Provider = "worldline", KeyedSecrets = new[] { new { KeyId = WorldlineKeyId, Secret = WorldlineSecret } } })
        .Policy("teams", new { Provider = "microsoft-teams", Secrets = new[] { TeamsToken } });

    [Fact]
    public async Task Twitter_crc_is_answered_with_the_response_token()
    {
        using var response = await Client.GetAsync("/webhooks/twitter?crc_token=9b4507b3-9040-4669-9ca3-6b94edb50553");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var expected = "sha256=" + Base64Mac(Encoding.UTF8.GetBytes(TwitterSecret), "9b4507b3-9040-4669-9ca3-6b94edb50553"u8.ToArray());
        Assert.Equal($$"""{"response_token":"{{expected}}"}""", await response.Content.ReadAsStringAsync());
        Assert.Empty(Upstream.Received);
    }

    [Fact]
    public async Task Twitter_crc_for_a_token_shaped_like_a_delivery_is_refused()
    {
        using var response = await Client.GetAsync("/webhooks/twitter?crc_token=" + Uri.EscapeDataString("""{"for_user_id":"2244994945"}"""));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("malformed_signature", await ProblemCodeAsync(response));
        Assert.Empty(Upstream.Received);
    }

    [Fact]
    public async Task Twitter_delivery_is_forwarded_byte_for_byte()
    {
        var body = """{"for_user_id":"2244994945","tweet_create_events":[{"id_str":"1"}]}"""u8.ToArray();
        using var request = Post("/webhooks/twitter", body);
        request.Headers.Add("x-twitter-webhooks-signature", "sha256=" + Base64Mac(Encoding.UTF8.GetBytes(TwitterSecret), body));

        await AssertForwardedAsync(request, body);
    }

    [Fact]
    public async Task WooCommerce_creation_ping_is_answered_exactly_200_and_empty()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/woocommerce") { Content = new StringContent("webhook_id=42", Encoding.UTF8, "application/x-www-form-urlencoded") };

        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.Empty(Upstream.Received);
    }

    [Fact]
    public async Task WooCommerce_delivery_is_forwarded_byte_for_byte()
    {
        var body = """{"id":1001,"status":"processing","total":"29.00"}"""u8.ToArray();
        using var request = Post("/webhooks/woocommerce", body);
        request.Headers.Add("X-WC-Webhook-Topic", "order.created");
        request.Headers.Add("X-WC-Webhook-Signature", Base64Mac("woo-secret&stored-by-wordpress"u8.ToArray(), body));

        await AssertForwardedAsync(request, body);
    }

    [Theory]
    [InlineData("/webhooks/xero")]
    [InlineData("/webhooks/xero-report")]
    public async Task Xero_intent_to_receive_is_answered_200_or_401_with_an_empty_body(string path)
    {
        using (var signed = Post(path, IntentToReceive))
        {
            signed.Headers.Add("x-xero-signature", Base64Mac(Encoding.UTF8.GetBytes(XeroKey), IntentToReceive));
            using var response = await Client.SendAsync(signed);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            await AssertEmptyAsync(response);
        }

        using (var forged = Post(path, IntentToReceive))
        {
            forged.Headers.Add("x-xero-signature", Base64Mac("not the key"u8.ToArray(), IntentToReceive));
            using var response = await Client.SendAsync(forged);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            await AssertEmptyAsync(response);
        }

        Assert.Empty(Upstream.Received);
    }

    [Fact]
    public async Task Xero_delivery_is_forwarded_byte_for_byte()
    {
        var body = """{"events":[{"resourceUrl":"https://api.xero.com/api.xro/2.0/Contacts/717f2bfc","resourceId":"717f2bfc","eventDateUtc":"2017-06-21T01:15:39.902","eventType":"Update","eventCategory":"CONTACT","tenantId":"c2cc9b6e","tenantType":"ORGANISATION"}],"lastEventSequence":1,"firstEventSequence":1,"entropy":"YSXCMKAQBJOEMGUZEPFZ"}"""u8.ToArray();
        using var request = Post("/webhooks/xero", body);
        request.Headers.Add("x-xero-signature", Base64Mac(Encoding.UTF8.GetBytes(XeroKey), body));

        await AssertForwardedAsync(request, body);
    }

    [Fact]
    public async Task Nylas_challenge_get_is_echoed_as_plain_text()
    {
        using var response = await Client.GetAsync("/webhooks/nylas?challenge=bc609b38-c81f-47fb-a275-1d9bd61a968b");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("bc609b38-c81f-47fb-a275-1d9bd61a968b", await response.Content.ReadAsStringAsync());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Empty(Upstream.Received);
    }

    [Fact]
    public async Task Nylas_notification_is_forwarded_byte_for_byte()
    {
        var notification = """{"specversion":"1.0","type":"message.created","id":"NOTIFICATION-ID","time":1695415185,"data":{"object":{"id":"m1"}}}""";
        var body = Encoding.UTF8.GetBytes(notification.Replace("NOTIFICATION-ID", Guid.NewGuid().ToString("N"), StringComparison.Ordinal));
        using var request = Post("/webhooks/nylas", body);
        request.Headers.Add("X-Nylas-Signature", Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(NylasSecret), body)));

        await AssertForwardedAsync(request, body);
    }

    [Fact]
    public async Task Worldline_endpoint_verification_get_is_echoed_as_plain_text()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/webhooks/worldline");
        request.Headers.Add("X-GCS-Webhooks-Endpoint-Verification", "9c8a3e5b-1f2d-4a6b-8c7d-0e1f2a3b4c5d");

        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("9c8a3e5b-1f2d-4a6b-8c7d-0e1f2a3b4c5d", await response.Content.ReadAsStringAsync());
        Assert.Empty(Upstream.Received);
    }

    [Fact]
    public async Task Worldline_event_signed_with_the_named_key_is_forwarded_byte_for_byte()
    {
        var body = Encoding.UTF8.GetBytes($$"""{"apiVersion":"v1","id":"{{Guid.NewGuid()}}","created":"2017-02-02T11:24:14.040+0100","merchantId":"20000","type":"payment.paid"}""");
        using var request = Post("/webhooks/worldline", body);
        request.Headers.Add("X-GCS-KeyId", WorldlineKeyId);
        request.Headers.Add("X-GCS-Signature", Base64Mac(Encoding.UTF8.GetBytes(WorldlineSecret), body));

        await AssertForwardedAsync(request, body);
    }

    /// <summary>Teams shows the backend's answer in the channel: the reply the upstream wrote is the reply Teams gets.</summary>
    [Fact]
    public async Task Teams_message_is_forwarded_and_the_backends_reply_passed_back()
    {
        Upstream.Respond = _ => (200, """{"type":"message","text":"pong"}""");
        var body = """{"type":"message","id":"1485983408511","text":"<at>Bot</at> ping"}"""u8.ToArray();
        using var request = Post("/webhooks/teams", body);
        request.Headers.TryAddWithoutValidation("Authorization", "HMAC " + Base64Mac(Convert.FromBase64String(TeamsToken), body));

        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"type":"message","text":"pong"}""", await response.Content.ReadAsStringAsync());
        Assert.Equal(body, Assert.Single(Upstream.Received).Body);
    }

    private async Task AssertForwardedAsync(HttpRequestMessage request, byte[] body)
    {
        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(Upstream.Received);
        Assert.Equal(body, received.Body);
        Assert.Equal("verified", received.Header("X-Webhook-Verification"));
    }

    private static async Task AssertEmptyAsync(HttpResponseMessage response)
    {
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    private static HttpRequestMessage Post(string path, byte[] body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return request;
    }

    private static string Base64Mac(byte[] key, byte[] content) => Convert.ToBase64String(HMACSHA256.HashData(key, content));
}
