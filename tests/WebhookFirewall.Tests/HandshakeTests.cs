namespace WebhookFirewall.Tests;

/// <summary>Provider handshakes are answered by the firewall itself; the upstream is never contacted.</summary>
public sealed class HandshakeTests : FirewallTestBase
{
    [Fact]
    public async Task Slack_url_verification_is_answered_with_the_challenge()
    {
        var body = "{\"token\":\"Jhj5dZrVaK7ZwHHjRyZWjbDl\",\"challenge\":\"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P\",\"type\":\"url_verification\"}"u8.ToArray();
        var timestamp = Sign.Now();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/slack") { Content = new ByteArrayContent(body) };
        request.Headers.Add("X-Slack-Request-Timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("X-Slack-Signature", Sign.Slack(SlackSecret, timestamp, body));

        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", await response.Content.ReadAsStringAsync());
        Assert.Empty(Upstream.Received);
    }

    [Fact]
    public async Task An_unsigned_slack_url_verification_is_rejected()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/slack")
        {
            Content = new StringContent("{\"challenge\":\"abc\",\"type\":\"url_verification\"}"),
        };

        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("missing_signature", await ProblemCodeAsync(response));
        Assert.Empty(Upstream.Received);
    }

    [Fact]
    public async Task Meta_subscription_is_answered_with_the_challenge()
    {
        using var response = await Client.GetAsync($"/webhooks/meta?hub.mode=subscribe&hub.verify_token={MetaVerifyToken}&hub.challenge=1158201444");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("1158201444", await response.Content.ReadAsStringAsync());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Empty(Upstream.Received);
    }

    [Fact]
    public async Task Meta_subscription_with_a_wrong_token_is_403()
    {
        using var response = await Client.GetAsync("/webhooks/meta?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1158201444");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("invalid_verify_token", await ProblemCodeAsync(response));
        Assert.DoesNotContain("1158201444", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(Upstream.Received);
    }

    [Fact]
    public async Task Meta_events_are_verified_with_the_app_secret()
    {
        var body = "{\"object\":\"whatsapp_business_account\",\"entry\":[]}"u8.ToArray();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/meta") { Content = new ByteArrayContent(body) };
        request.Headers.Add("X-Hub-Signature-256", Sign.GitHub(MetaSecret, body));

        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(body, Assert.Single(Upstream.Received).Body);
    }
}
