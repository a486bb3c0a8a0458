namespace WebhookFirewall.Tests;

/// <summary>What `sign` prints is what the running firewall accepts, header for header.</summary>
public sealed class SignVerbTests : FirewallTestBase
{
    [Theory]
    [InlineData("github", GitHubSecret, "/webhooks/github")]
    [InlineData("slack", SlackSecret, "/webhooks/slack")]
    [InlineData("stripe", StripeSecret, "/webhooks/stripe")]
    [InlineData("standard-webhooks", StandardKey, "/webhooks/standard")]
    [InlineData("meta", MetaSecret, "/webhooks/meta")]
    public async Task Signed_output_is_accepted_by_the_running_firewall(string provider, string secret, string path)
    {
        var body = Encoding.UTF8.GetBytes($"{{\"id\":\"evt_{Guid.NewGuid():N}\",\"text\":\"héllo\\r\\n\"}}");
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };

        await SignVerb.SignAsync(request, body, Firewall.Directory, "--provider", provider, "--secret", secret);

        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(body, Assert.Single(Upstream.Received).Body);
    }

    [Fact]
    public async Task An_unknown_provider_is_refused_with_the_known_names()
    {
        var (exitCode, _, stderr) = await FirewallProcess.RunAsync(["sign", "--provider", "nope", "--secret", "s", "--body-file", "-"]);

        Assert.Equal(2, exitCode);
        Assert.Contains("github", stderr, StringComparison.Ordinal);
    }
}
