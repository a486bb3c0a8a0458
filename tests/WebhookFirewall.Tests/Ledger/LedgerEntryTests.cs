using System.Security.Cryptography;

namespace WebhookFirewall.Tests.Ledger;

/// <summary>One entry per request on a webhook route, with DESIGN's fields, read back through the management API.</summary>
public sealed class LedgerEntryTests : FirewallTestBase
{
    [Fact]
    public async Task A_forwarded_delivery_has_every_field_of_the_entry()
    {
        var body = "{\"zen\":\"Keep it logically awesome.\"}"u8.ToArray();
        var id = Guid.NewGuid().ToString();
        using var request = GitHubDelivery(body, deliveryId: id, path: "/webhooks/github?token=query-secret-value");
        request.Headers.TryAddWithoutValidation("User-Agent", "GitHub-Hookshot/abc123");
        using var response = await Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var entry = await LedgerApi.WaitForAsync(Firewall.ManagementClient, id);

        Assert.Equal(26, entry.GetProperty("id").GetString()!.Length);
        Assert.True(DateTimeOffset.UtcNow - entry.GetProperty("receivedAt").GetDateTimeOffset() < TimeSpan.FromMinutes(1));
        Assert.Equal(Environment.MachineName, entry.Text("instance"));
        Assert.Equal("github", entry.Text("route"));
        Assert.Equal("github", entry.Text("policy"));
        Assert.Equal("github", entry.Text("provider"));
        Assert.Equal("Enforce", entry.Text("mode"));
        Assert.Equal("POST", entry.Text("method"));
        Assert.Equal("/webhooks/github", entry.Text("path"));
        Assert.Equal("127.0.0.1", entry.Text("client"));
        Assert.Equal(id, entry.Text("deliveryId"));
        Assert.Equal("content", entry.Text("idempotencyKey"));
        Assert.Equal("application/json", entry.Text("contentType"));
        Assert.Equal(body.Length, entry.GetProperty("bodyBytes").GetInt32());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(body)), entry.Text("bodySha256"));
        var headers = entry.GetProperty("headers");
        Assert.Equal("GitHub-Hookshot/abc123", headers.GetProperty("User-Agent").GetString());
        Assert.Equal("push", headers.GetProperty("X-GitHub-Event").GetString());
        Assert.Equal(JsonValueKind.Null, headers.GetProperty("X-Hub-Signature-256").ValueKind);
        Assert.Equal(JsonValueKind.Null, headers.GetProperty("X-GitHub-Delivery").ValueKind);
        Assert.Equal("forwarded", entry.Text("outcome"));
        Assert.Equal(200, entry.GetProperty("status").GetInt32());
        Assert.Null(entry.Text("code"));
        Assert.Null(entry.Text("reason"));
        Assert.Equal(0, entry.GetProperty("secretIndex").GetInt32());
        Assert.Null(entry.Text("timestampSkewSeconds"));
        Assert.Equal(200, entry.GetProperty("upstream").GetProperty("status").GetInt32());
        Assert.True(entry.GetProperty("upstream").GetProperty("durationMs").GetDouble() >= 0);
        Assert.Null(entry.GetProperty("upstream").Text("error"));
        Assert.True(entry.GetProperty("durationMs").GetDouble() > 0);
        Assert.Null(entry.Text("spool"));
        Assert.Null(entry.Text("payload"));
        Assert.Equal(0, entry.GetProperty("repeats").GetInt32());
        Assert.DoesNotContain("query-secret-value", entry.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rejected_delivery_says_why_and_keeps_the_id_it_claimed()
    {
        var id = Guid.NewGuid().ToString();
        using var response = await Client.SendAsync(GitHubDelivery("{}"u8.ToArray(), secret: "wrong-secret", deliveryId: id));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);

        var entry = await LedgerApi.WaitForAsync(Firewall.ManagementClient, id);

        Assert.Equal("rejected", entry.Text("outcome"));
        Assert.Equal(401, entry.GetProperty("status").GetInt32());
        Assert.Equal("invalid_signature", entry.Text("code"));
        Assert.Contains("secret", entry.Text("reason"), StringComparison.OrdinalIgnoreCase);
        Assert.Null(entry.Text("secretIndex"));
        Assert.Null(entry.Text("upstream"));
        Assert.Empty(Upstream.Received);
    }

    [Fact]
    public async Task Refusals_before_verification_get_the_hosts_reasons()
    {
        var tooLarge = Guid.NewGuid().ToString();
        (await Client.SendAsync(GitHubDelivery(new byte[SmallLimit + 1], path: "/webhooks/small", deliveryId: tooLarge))).Dispose();
        var report = Guid.NewGuid().ToString();
        (await Client.SendAsync(GitHubDelivery("{}"u8.ToArray(), secret: "wrong", path: "/webhooks/report", deliveryId: report))).Dispose();

        var large = await LedgerApi.WaitForAsync(Firewall.ManagementClient, tooLarge);
        var reportOnly = await LedgerApi.WaitForAsync(Firewall.ManagementClient, report);

        Assert.Equal("too_large", large.Text("outcome"));
        Assert.Equal("payload_too_large", large.Text("code"));
        Assert.Contains("MaxBodyBytes", large.Text("reason"), StringComparison.Ordinal);
        Assert.Equal("report_only", reportOnly.Text("outcome"));
        Assert.Equal("invalid_signature", reportOnly.Text("code"));
        Assert.Equal("Report", reportOnly.Text("mode"));
        Assert.NotNull(reportOnly.Text("reason"));
        Assert.Equal(200, reportOnly.GetProperty("upstream").GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Upstream_errors_duplicates_and_signed_timestamps_are_recorded()
    {
        var duplicate = Guid.NewGuid().ToString();
        (await Client.SendAsync(GitHubDelivery("{\"a\":1}"u8.ToArray(), deliveryId: duplicate))).Dispose();
        (await Client.SendAsync(GitHubDelivery("{\"a\":1}"u8.ToArray(), deliveryId: duplicate))).Dispose();
        Upstream.Respond = _ => (503, "down");
        var failed = Guid.NewGuid().ToString();
        (await Client.SendAsync(GitHubDelivery("{\"b\":2}"u8.ToArray(), deliveryId: failed))).Dispose();
        Upstream.Respond = _ => (200, "ok");
        var standardId = "msg_" + Guid.NewGuid().ToString("N");
        var timestamp = Sign.Now() - 30;
        var body = "{\"type\":\"ping\"}"u8.ToArray();
        using var standard = new HttpRequestMessage(HttpMethod.Post, "/webhooks/standard") { Content = new ByteArrayContent(body) };
        standard.Headers.Add("webhook-id", standardId);
        standard.Headers.Add("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        standard.Headers.Add("webhook-signature", Sign.StandardWebhooks(StandardKey, standardId, timestamp, body));
        (await Client.SendAsync(standard)).Dispose();

        Assert.True(await Eventually.HoldsAsync(async () => (await LedgerApi.ListAsync(Firewall.ManagementClient, "?deliveryId=" + duplicate)).Length == 2));
        var copies = await LedgerApi.ListAsync(Firewall.ManagementClient, "?deliveryId=" + duplicate);
        var error = await LedgerApi.WaitForAsync(Firewall.ManagementClient, failed);
        var signed = await LedgerApi.WaitForAsync(Firewall.ManagementClient, standardId);

        Assert.Equal(["duplicate", "forwarded"], copies.Select(e => e.Text("outcome")));
        Assert.Contains("X-Webhook-Duplicate", copies[0].Text("reason"), StringComparison.Ordinal);
        Assert.Equal("upstream_error", error.Text("outcome"));
        Assert.Equal("upstream_error", error.Text("code"));
        Assert.Equal(503, error.GetProperty("upstream").GetProperty("status").GetInt32());
        Assert.Equal("deliveryId", signed.Text("idempotencyKey"));
        Assert.InRange(signed.GetProperty("timestampSkewSeconds").GetDouble(), 25, 60);
    }

    [Fact]
    public async Task Anonymous_routes_are_not_recorded()
    {
        (await Client.PostAsync("/open/thing", new StringContent("x"))).Dispose();
        var marker = Guid.NewGuid().ToString();
        (await Client.SendAsync(GitHubDelivery("{}"u8.ToArray(), deliveryId: marker))).Dispose();
        await LedgerApi.WaitForAsync(Firewall.ManagementClient, marker);

        var entries = await LedgerApi.ListAsync(Firewall.ManagementClient);

        Assert.DoesNotContain(entries, e => e.Text("route") == "open");
    }
}
