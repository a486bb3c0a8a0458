namespace WebhookFirewall.Tests;

/// <summary>Everything that is not verified gets its contract code and never reaches the upstream.</summary>
public sealed class RejectionTests : FirewallTestBase
{
    private static readonly byte[] Body = "{\"action\":\"opened\"}"u8.ToArray();

    [Fact]
    public async Task Tampered_body_is_invalid_signature()
    {
        var request = GitHubDelivery(Body);
        request.Content = new ByteArrayContent("{\"action\":\"closed\"}"u8.ToArray());

        await AssertRejected(request, HttpStatusCode.Unauthorized, "invalid_signature");
    }

    [Fact]
    public async Task Wrong_secret_is_invalid_signature()
    {
        await AssertRejected(GitHubDelivery(Body, secret: "not-the-secret"), HttpStatusCode.Unauthorized, "invalid_signature");
    }

    [Fact]
    public async Task Missing_signature_header_is_missing_signature()
    {
        await AssertRejected(GitHubDelivery(Body, secret: null), HttpStatusCode.Unauthorized, "missing_signature");
    }

    [Theory]
    [InlineData("sha1=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")]
    [InlineData("sha256=not-hex")]
    [InlineData("sha256=757107ea")]
    [InlineData("")]
    public async Task Malformed_signature_header_is_malformed_signature(string header)
    {
        var request = GitHubDelivery(Body, secret: null);
        request.Headers.TryAddWithoutValidation("X-Hub-Signature-256", header);

        await AssertRejected(request, HttpStatusCode.Unauthorized, "malformed_signature");
    }

    [Fact]
    public async Task Two_signature_headers_are_malformed_even_when_one_is_valid()
    {
        var request = GitHubDelivery(Body);
        request.Headers.TryAddWithoutValidation("X-Hub-Signature-256", Sign.GitHub(GitHubSecret, Body));

        await AssertRejected(request, HttpStatusCode.Unauthorized, "malformed_signature");
    }

    [Fact]
    public async Task A_stale_slack_timestamp_is_out_of_window()
    {
        var stale = Sign.Now() - 3600;
        await AssertRejected(Slack(Body, stale, SlackSecret), HttpStatusCode.Unauthorized, "timestamp_out_of_window");
    }

    [Fact]
    public async Task A_slack_timestamp_from_the_future_is_out_of_window()
    {
        var future = Sign.Now() + 3600;
        await AssertRejected(Slack(Body, future, SlackSecret), HttpStatusCode.Unauthorized, "timestamp_out_of_window");
    }

    [Fact]
    public async Task A_bad_signature_with_a_stale_timestamp_is_invalid_signature()
    {
        await AssertRejected(Slack(Body, Sign.Now() - 3600, "wrong"), HttpStatusCode.Unauthorized, "invalid_signature");
    }

    [Fact]
    public async Task The_problem_response_never_echoes_the_expected_signature_or_the_secret()
    {
        var request = GitHubDelivery(Body, secret: "not-the-secret");
        using var response = await Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.DoesNotContain(Sign.GitHub(GitHubSecret, Body)["sha256=".Length..], text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(GitHubSecret, text, StringComparison.Ordinal);
        Assert.DoesNotContain("opened", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_mode_forwards_failures_marked_with_their_code()
    {
        var request = GitHubDelivery(Body, secret: "wrong", path: "/webhooks/report");
        request.Headers.Add("X-Webhook-Verification", "verified");

        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(Upstream.Received);
        Assert.Equal("failed; code=invalid_signature", received.Header("X-Webhook-Verification"));
        Assert.Equal(Body, received.Body);
    }

    private HttpRequestMessage Slack(byte[] body, long timestamp, string secret)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/slack") { Content = new ByteArrayContent(body) };
        request.Headers.Add("X-Slack-Request-Timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("X-Slack-Signature", Sign.Slack(secret, timestamp, body));
        return request;
    }

    private async Task AssertRejected(HttpRequestMessage request, HttpStatusCode status, string code)
    {
        using var response = await Client.SendAsync(request);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(code, await ProblemCodeAsync(response));
        Assert.Empty(Upstream.Received);
    }
}
