namespace WebhookFirewall.Tests.Ledger;

/// <summary>
/// What an entry never holds: a secret, a received or expected signature, a token value, a query string, or body
/// bytes — unless the policy captures payloads, and then redacted as configured (at any depth, credential fields
/// always), bounded, and only for JSON.
/// </summary>
public sealed class LedgerSafetyTests : FirewallTestBase
{
    private const string BodyMarker = "BODY-MARKER-7c1e";
    private const string TokenSecret = "token-scheme-secret-4d2a";
    private const string QueryToken = "query-token-value-9b3f";
    private const string SlackToken = "slack-verification-token-1f0e";

    protected override FirewallConfig Configure(FirewallConfig config) => config
        .Route("token", "/webhooks/token", "token")
        .Route("captured", "/webhooks/captured", "captured")
        .Route("captured-small", "/webhooks/captured-small", "captured-small")
        .Route("slack-captured", "/webhooks/slack-captured", "slack-captured")
        .Policy("token", new { Provider = "token", Header = "X-Auth-Token", Secrets = new[] { TokenSecret } })
        .Policy("captured", new { Provider = "github", Secrets = new[] { GitHubSecret }, Ledger = new { CapturePayloads = true, RedactFields = new[] { "email", "card" } } })
        .Policy("captured-small", new { Provider = "github", Secrets = new[] { GitHubSecret }, Ledger = new { CapturePayloads = true, MaxCapturedBytes = 32 } })
        .Policy("slack-captured", new { Provider = "slack", Secrets = new[] { SlackSecret }, Ledger = new { CapturePayloads = true } });

    [Fact]
    public async Task No_entry_holds_a_secret_a_signature_a_token_a_query_or_body_bytes()
    {
        var body = Encoding.UTF8.GetBytes($"{{\"data\":\"{BodyMarker}\"}}");
        var wrong = Sign.GitHub("attacker-guess", body);
        var right = Sign.GitHub(GitHubSecret, body);
        (await Client.SendAsync(GitHubDelivery(body, secret: "attacker-guess"))).Dispose();
        (await Client.SendAsync(GitHubDelivery(body, path: $"/webhooks/github?secret={QueryToken}"))).Dispose();
        (await Client.SendAsync(GitHubDelivery(body, path: "/webhooks/report", secret: "attacker-guess"))).Dispose();
        foreach (var token in new[] { TokenSecret, "guessed-token-value" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/token") { Content = new ByteArrayContent(body) };
            request.Headers.Add("X-Auth-Token", token);
            (await Client.SendAsync(request)).Dispose();
        }

        Assert.True(await Eventually.HoldsAsync(async () => (await LedgerApi.ListAsync(Firewall.ManagementClient)).Length == 5));
        var text = string.Join('\n', (await LedgerApi.ListAsync(Firewall.ManagementClient)).Select(e => e.GetRawText()));

        foreach (var secret in new[] { GitHubSecret, GitHubPreviousSecret, TokenSecret, "guessed-token-value", QueryToken, BodyMarker, wrong["sha256=".Length..], right["sha256=".Length..] })
        {
            Assert.DoesNotContain(secret, text, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Contains("\"X-Auth-Token\":null", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_captured_payload_has_its_listed_fields_redacted_at_any_depth()
    {
        var body = """{"user":{"name":"Ada","email":"ada@example.com","cards":[{"card":{"number":"4242"}}]},"email":"top@example.com","n":1.50}"""u8.ToArray();
        var id = Guid.NewGuid().ToString();
        (await Client.SendAsync(GitHubDelivery(body, path: "/webhooks/captured", deliveryId: id))).Dispose();

        var payload = (await LedgerApi.WaitForAsync(Firewall.ManagementClient, id)).GetProperty("payload");
        var text = payload.GetProperty("text").GetString()!;

        Assert.True(payload.GetProperty("redacted").GetBoolean());
        Assert.False(payload.GetProperty("truncated").GetBoolean());
        Assert.Equal("""{"user":{"name":"Ada","email":"[redacted]","cards":[{"card":"[redacted]"}]},"email":"[redacted]","n":1.50}""", text);
    }

    [Fact]
    public async Task The_providers_credential_fields_are_redacted_whatever_the_policy_lists()
    {
        var timestamp = Sign.Now();
        var body = Encoding.UTF8.GetBytes($"{{\"token\":\"{SlackToken}\",\"type\":\"event_callback\",\"event_id\":\"Ev1\"}}");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/slack-captured") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-Slack-Request-Timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("X-Slack-Signature", Sign.Slack(SlackSecret, timestamp, body));
        using var response = await Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var entry = await LedgerApi.WaitForAsync(Firewall.ManagementClient, "Ev1");

        Assert.DoesNotContain(SlackToken, entry.GetRawText(), StringComparison.Ordinal);
        Assert.Contains("\"token\":\"[redacted]\"", entry.GetProperty("payload").GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_payload_is_cut_to_its_bound_and_a_body_that_is_not_json_is_not_captured()
    {
        var long_ = Guid.NewGuid().ToString();
        (await Client.SendAsync(GitHubDelivery(Encoding.UTF8.GetBytes($"{{\"text\":\"{new string('x', 100)}\"}}"), path: "/webhooks/captured-small", deliveryId: long_))).Dispose();
        var form = Guid.NewGuid().ToString();
        (await Client.SendAsync(GitHubDelivery(Encoding.UTF8.GetBytes($"payload={BodyMarker}"), path: "/webhooks/captured", deliveryId: form))).Dispose();
        var rejected = Guid.NewGuid().ToString();
        (await Client.SendAsync(GitHubDelivery(Encoding.UTF8.GetBytes($"{{\"a\":\"{BodyMarker}\"}}"), secret: "wrong", path: "/webhooks/captured", deliveryId: rejected))).Dispose();

        var cut = (await LedgerApi.WaitForAsync(Firewall.ManagementClient, long_)).GetProperty("payload");
        var notJson = await LedgerApi.WaitForAsync(Firewall.ManagementClient, form);
        var unverified = await LedgerApi.WaitForAsync(Firewall.ManagementClient, rejected);

        Assert.True(cut.GetProperty("truncated").GetBoolean());
        Assert.Equal(32, Encoding.UTF8.GetByteCount(cut.GetProperty("text").GetString()!));
        Assert.Equal(JsonValueKind.Null, notJson.GetProperty("payload").ValueKind);
        Assert.NotNull(notJson.Text("bodySha256"));
        Assert.Equal(JsonValueKind.Null, unverified.GetProperty("payload").ValueKind);
        Assert.DoesNotContain(BodyMarker, notJson.GetRawText() + unverified.GetRawText(), StringComparison.Ordinal);
    }
}
