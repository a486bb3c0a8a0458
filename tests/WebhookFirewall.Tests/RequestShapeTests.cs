namespace WebhookFirewall.Tests;

/// <summary>
/// What a request must look like, decided before a byte of its body is read and before anything is claimed: no body
/// on a method that has none, no upgrade on a verified route, no control character in a header. Each refusal is the
/// contract's problem document, counted, and nothing reaches the upstream.
/// </summary>
public sealed class RequestShapeTests : FirewallTestBase
{
    [Theory]
    [InlineData("GET", "/open/smuggle")]
    [InlineData("HEAD", "/open/smuggle")]
    [InlineData("OPTIONS", "/open/smuggle")]
    [InlineData("GET", "/webhooks/github")]
    public async Task A_body_on_a_bodiless_method_is_refused_on_every_route(string method, string path)
    {
        // The body is a whole second request carrying a forged mark: a backend that leaves GET bodies unread would run it.
        var smuggled = "POST /admin HTTP/1.1\r\nHost: backend\r\nX-Webhook-Verification: verified\r\nContent-Length: 0\r\n\r\n";
        var head = $"{method} {path} HTTP/1.1\r\nHost: t\r\nContent-Length: {smuggled.Length}\r\n\r\n";

        using var response = await RawHttp.SendAsync(Firewall.Address, head, Encoding.ASCII.GetBytes(smuggled));

        Assert.Equal(400, response.Status);
        if (method != "HEAD")
        {
            // An answer to HEAD carries no body, so the problem document is not sent.
            Assert.Equal("unexpected_body", await response.ProblemCodeAsync());
        }

        Assert.Empty(Upstream.Received);
        await AssertCountedAsync(path.StartsWith("/open", StringComparison.Ordinal) ? ("open", "Anonymous", "none") : ("github", "github", "github"));
    }

    [Fact]
    public async Task A_chunked_body_on_a_get_is_refused()
    {
        using var response = await RawHttp.SendAsync(Firewall.Address, "GET /open/x HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n", "3\r\nabc\r\n0\r\n\r\n"u8.ToArray());

        Assert.Equal(400, response.Status);
        Assert.Empty(Upstream.Received);
    }

    [Fact]
    public async Task Problem_document_names_the_unexpected_body()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/open/x") { Content = new StringContent("a body") };

        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("unexpected_body", await ProblemCodeAsync(response));
    }

    [Fact]
    public async Task A_get_without_a_body_still_reaches_an_anonymous_upstream()
    {
        using var response = await Client.GetAsync("/open/x");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(Upstream.Received);
    }

    [Fact]
    public async Task An_upgrade_request_on_a_verified_route_is_refused()
    {
        var body = UniqueBody();
        var request = GitHubDelivery(body);
        request.Headers.Connection.Add("Upgrade");
        request.Headers.Upgrade.Add(new ProductHeaderValue("websocket"));

        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("upgrade_not_allowed", await ProblemCodeAsync(response));
        Assert.Empty(Upstream.Received);
    }

    [Theory]
    [InlineData("\u0001")]
    [InlineData("\u007f")]
    [InlineData("\u0085")]
    public async Task A_control_character_in_a_header_value_is_refused_before_anything_is_claimed(string control)
    {
        var body = UniqueBody();
        var id = Guid.NewGuid().ToString();
        // In a header outside the delivery's key (the body and the event type), so a claim would refuse the retry below.
        var head = $"POST /webhooks/github HTTP/1.1\r\nHost: t\r\nX-Note: a{control}b\r\nX-GitHub-Event: push\r\nX-GitHub-Delivery: {id}\r\n"
            + $"X-Hub-Signature-256: {Sign.GitHub(GitHubSecret, body)}\r\nContent-Length: {body.Length}\r\n\r\n";

        using var response = await RawHttp.SendAsync(Firewall.Address, head, body, Encoding.UTF8);

        Assert.Equal(400, response.Status);
        Assert.Equal("malformed_header", await response.ProblemCodeAsync());
        Assert.Empty(Upstream.Received);
        // Nothing was claimed: the same delivery, well formed, goes through.
        using var clean = await Client.SendAsync(GitHubDelivery(body, deliveryId: id));
        Assert.Equal(HttpStatusCode.OK, clean.StatusCode);
    }

    [Fact]
    public async Task A_tab_in_a_header_value_is_fine()
    {
        var request = GitHubDelivery(UniqueBody());
        request.Headers.TryAddWithoutValidation("X-Note", "a\tb");

        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task AssertCountedAsync((string Route, string Policy, string Provider) labels) =>
        Assert.True(await Eventually.HoldsAsync(async () =>
        {
            var metrics = await Firewall.ManagementClient.GetStringAsync("/metrics");
            return PrometheusText.Value(metrics, "webhook_requests_total", ("route", labels.Route), ("policy", labels.Policy), ("provider", labels.Provider), ("outcome", "bad_request")) == 1;
        }));
}
