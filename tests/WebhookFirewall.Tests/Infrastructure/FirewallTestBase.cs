using System.Text;
namespace WebhookFirewall.Tests.Infrastructure;

/// <summary>
/// A fresh upstream and firewall per test (xunit makes one instance per test), with a config covering the first
/// providers. Each test sees only its own traffic.
/// </summary>
public abstract class FirewallTestBase : IAsyncLifetime
{
    public const string GitHubSecret = "current-secret";
    public const string GitHubPreviousSecret = "previous-secret";
    public const string SlackSecret = "8f742231b10e8888abcd99yyyzzz85a5";
    public const string StripeSecret = "whsec_test_secret";
    public const string StandardKey = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    public const string MetaSecret = "meta-app-secret";
    public const string MetaVerifyToken = "meta-verify-token";
    public const int SmallLimit = 1024;

    protected RecordingUpstream Upstream { get; private set; } = null!;

    protected RunningFirewall Firewall { get; private set; } = null!;

    protected HttpClient Client => Firewall.Client;

    public static FirewallConfig StandardConfig() => new FirewallConfig()
        .Route("github", "/webhooks/github", "github")
        .Route("github-small", "/webhooks/small", "github-small")
        .Route("github-report", "/webhooks/report", "github-report")
        .Route("slack", "/webhooks/slack", "slack")
        .Route("meta", "/webhooks/meta", "meta")
        .Route("stripe", "/webhooks/stripe", "stripe")
        .Route("standard", "/webhooks/standard", "standard")
        .Route("open", "/open/{**rest}", "Anonymous")
        .Policy("github", new { Provider = "github", Secrets = new[] { GitHubSecret, GitHubPreviousSecret } })
        .Policy("github-small", new { Provider = "github", Secrets = new[] { GitHubSecret }, MaxBodyBytes = SmallLimit })
        .Policy("github-report", new { Provider = "github", Secrets = new[] { GitHubSecret }, Mode = "Report" })
        .Policy("slack", new { Provider = "slack", Secrets = new[] { SlackSecret } })
        .Policy("meta", new { Provider = "meta", Secrets = new[] { MetaSecret }, VerifyToken = MetaVerifyToken })
        .Policy("stripe", new { Provider = "stripe", Secrets = new[] { StripeSecret } })
        .Policy("standard", new { Provider = "standard-webhooks", Secrets = new[] { StandardKey } });

    public virtual async Task InitializeAsync()
    {
        Upstream = await RecordingUpstream.StartAsync();
        Firewall = await RunningFirewall.StartAsync(Configure(StandardConfig()).ToJson(Upstream.Address));
    }

    public virtual async Task DisposeAsync()
    {
        await Firewall.DisposeAsync();
        await Upstream.DisposeAsync();
    }

    protected virtual FirewallConfig Configure(FirewallConfig config) => config;

    protected static HttpRequestMessage GitHubDelivery(byte[] body, string? secret = GitHubSecret, string path = "/webhooks/github", string? deliveryId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-GitHub-Event", "push");
        request.Headers.Add("X-GitHub-Delivery", deliveryId ?? Guid.NewGuid().ToString());
        if (secret is not null)
        {
            request.Headers.Add("X-Hub-Signature-256", Sign.GitHub(secret, body));
        }

        return request;
    }

    public static HttpRequestMessage GitHubDeliveryFor(byte[] body, string deliveryId) => GitHubDelivery(body, deliveryId: deliveryId);

    /// <summary>
    /// A body no other delivery has: GitHub signs no id and no timestamp, so its deliveries are keyed by content, and
    /// two deliveries of one body are one delivery.
    /// </summary>
    public static byte[] UniqueBody() => Encoding.UTF8.GetBytes($$"""{"action":"created","test_delivery":"{{Guid.NewGuid()}}"}""");

    protected static async Task<string> ProblemCodeAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal((int)response.StatusCode, document.RootElement.GetProperty("status").GetInt32());
        return document.RootElement.GetProperty("code").GetString()!;
    }
}
