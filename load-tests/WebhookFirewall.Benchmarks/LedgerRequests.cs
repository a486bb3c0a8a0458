using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using WebhookFirewall.Configuration;
using WebhookFirewall.Ledger;
using WebhookFirewall.Management;
using WebhookFirewall.Model;
using WebhookFirewall.Pipeline;
using WebhookFirewall.Verification;

namespace WebhookFirewall.Benchmarks;

/// <summary>
/// A GitHub delivery as the pipeline leaves it when its request is over (verified, forwarded, 200), and a recorder
/// over a memory store: what the ledger turns into one entry per request.
/// </summary>
internal sealed class LedgerRequests
{
    public const string Secret = "benchmark-secret";

    public LedgerRequests(int capacity)
    {
        var verifier = ProviderCatalogue.Create("github", new ProviderSettings { Secrets = [Secret] }, new List<SettingProblem>())!;
        var policy = new WebhookPolicy
        {
            Name = "github",
            Provider = "github",
            Verifier = verifier,
            Idempotency = new IdempotencySettings(true, IdempotencySettings.DefaultTtl, null),
        };
        var admission = new AdmissionSettings(NetworkList.Empty, new Dictionary<string, NetworkList>(), new Dictionary<string, RateLimitDefinition>());
        Binding = new RouteBinding
        {
            RouteId = "github",
            Revision = "1",
            PolicyName = "github",
            Policy = policy,
            Policies = new PolicySet(new Dictionary<string, WebhookPolicy> { ["github"] = policy }, ["github"], admission),
        };
        Metrics = new FirewallMetrics(new ConfigReloadStatus(), new LedgerDrops()).For(Binding);
        Store = new MemoryLedgerStore(capacity);
        Recorder = new LedgerRecorder(Store, new LedgerStoreOptions { InstanceName = "bench" }, TimeProvider.System, NullLogger<LedgerRecorder>.Instance);
    }

    public RouteBinding Binding { get; }

    public RouteMetrics Metrics { get; }

    public MemoryLedgerStore Store { get; }

    public LedgerRecorder Recorder { get; }

    /// <summary>A request after its pipeline ran: GitHub's headers as Kestrel hands them over, a fresh delivery id.</summary>
    public (HttpContext Http, WebhookContext Webhook) Delivery(byte[] body, string deliveryId)
    {
        var http = new DefaultHttpContext();
        var request = http.Request;
        request.Method = "POST";
        // Fresh strings, as Kestrel makes them per request (a literal would be shared and flatter the footprint).
        request.Path = Fresh("/webhooks/github");
        request.Headers.Host = "hooks.example.com";
        request.Headers.UserAgent = Fresh("GitHub-Hookshot/7a1b2c3");
        request.Headers.Accept = "*/*";
        request.Headers.ContentType = "application/json";
        request.Headers.ContentLength = body.Length;
        request.Headers[Fresh("X-GitHub-Event")] = Fresh("push");
        request.Headers[Fresh("X-GitHub-Delivery")] = deliveryId;
        request.Headers[Fresh("X-GitHub-Hook-ID")] = Fresh("292430182");
        request.Headers[Fresh("X-Hub-Signature")] = "sha1=" + Convert.ToHexStringLower(HMACSHA1.HashData(Encoding.UTF8.GetBytes(Secret), body));
        request.Headers[Fresh("X-Hub-Signature-256")] = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), body));
        http.Connection.RemoteIpAddress = IPAddress.Parse("140.82.115.12");
        http.Response.StatusCode = 200;

        var webhook = new WebhookContext(http, Binding, Metrics, TimeProvider.System.GetTimestamp(), Recorder);
        webhook.RecordBody(body);
        webhook.RecordVerification(VerificationResult.Verified(deliveryId, null, 0));
        webhook.Mark = VerificationMark.Verified;
        webhook.UpstreamSending();
        webhook.UpstreamAnswered(200);
        webhook.ReleaseBody();
        webhook.Outcome = RequestOutcome.Forwarded;
        return (http, webhook);
    }

    private static string Fresh(string text) => new(text.AsSpan());
}
