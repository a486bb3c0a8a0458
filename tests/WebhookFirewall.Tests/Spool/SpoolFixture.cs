using System.Text.Json.Nodes;

namespace WebhookFirewall.Tests.Spool;

/// <summary>
/// What the spool tests share: a config whose routes spool with short backoffs (so redeliveries come within a
/// second), a real SQLite file in a temp folder, and an upstream port that is free until a test opens a listener
/// on it — a backend that is down, then back.
/// </summary>
public static class SpoolFixture
{
    public const string ForwardKey = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    public const string GitLabToken = "gitlab-token-current";
    public const string GitLabPreviousToken = "gitlab-token-previous";

    public static object FastSpool(object? retryOn = null) => retryOn is null
        ? new { OnUpstreamFailure = "Spool", Backoff = new { First = "00:00:00.2", Max = "00:00:00.5" } }
        : new { OnUpstreamFailure = "Spool", RetryOn = retryOn, Backoff = new { First = "00:00:00.2", Max = "00:00:00.5" } };

    public static FirewallConfig Config(string spoolPath, long? maxBytes = null, bool withGitHubRoute = true) => (withGitHubRoute
            ? new FirewallConfig().Route("github", "/webhooks/github", "github")
            : new FirewallConfig())
        .Route("gitlab", "/webhooks/gitlab", "gitlab")
        .Route("report", "/webhooks/report", "report")
        .Route("reject", "/webhooks/reject", "reject")
        .Route("open", "/open/{**rest}", "Anonymous")
        .Policy("github", new { Provider = "github", Secrets = new[] { FirewallTestBase.GitHubSecret }, Delivery = FastSpool(), ForwardSignature = new { Secrets = new[] { ForwardKey } } })
        .Policy("gitlab", new { Provider = "gitlab", Secrets = new[] { GitLabPreviousToken, GitLabToken }, Delivery = FastSpool() })
        .Policy("report", new { Provider = "github", Secrets = new[] { FirewallTestBase.GitHubSecret }, Mode = "Report", Delivery = FastSpool() })
        .Policy("reject", new { Provider = "github", Secrets = new[] { FirewallTestBase.GitHubSecret } })
        .Cluster("HttpRequest", new { ActivityTimeout = "00:00:02" })
        .Setting("Spool", maxBytes is { } max
            ? new { Path = spoolPath, Lease = "00:00:20", MaxBytes = max }
            : (object)new { Path = spoolPath, Lease = "00:00:20" });

    public static Uri UpstreamAt(int port) => new($"http://127.0.0.1:{port}/");

    public static HttpRequestMessage GitHub(byte[] body, string path = "/webhooks/github", string? deliveryId = null)
    {
        var request = FirewallTestBase.GitHubDeliveryFor(body, deliveryId ?? Guid.NewGuid().ToString());
        request.RequestUri = new Uri(path, UriKind.Relative);
        return request;
    }

    public static HttpRequestMessage GitLab(byte[] body, string token = GitLabToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/gitlab") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-Gitlab-Token", token);
        request.Headers.Add("X-Gitlab-Event", "Push Hook");
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        return request;
    }

    /// <summary>`GET /api/spool` as JSON (the management listener is loopback, so no token is needed).</summary>
    public static async Task<JsonArray> EntriesAsync(HttpClient management, string query = "")
    {
        using var response = await management.GetAsync("/api/spool" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return json["entries"]!.AsArray();
    }

    public static HttpRequestMessage Mutation(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-Requested-By", "webhookfirewall");
        return request;
    }

    public static void AssertSignedByFirewall(ReceivedRequest received) => ForwardSignatureCheck.Verify(ForwardKey, received);
}
