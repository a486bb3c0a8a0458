namespace WebhookFirewall.Tests.Ledger;

/// <summary>`GET /api/deliveries` (filters, limit), `/api/deliveries/{id}` and the live stream, on the management listener.</summary>
public sealed class LedgerApiTests : FirewallTestBase
{
    [Fact]
    public async Task The_list_is_newest_first_and_every_filter_narrows_it()
    {
        var first = await SendAsync(GitHubSecret);
        var second = await SendAsync("wrong");
        var third = await SendAsync(GitHubSecret, "/webhooks/report");
        await LedgerApi.WaitForAsync(Firewall.ManagementClient, third);
        var management = Firewall.ManagementClient;

        var all = await LedgerApi.ListAsync(management);
        Assert.Equal([third, second, first], all.Select(e => e.Text("deliveryId")));
        Assert.Equal([second], (await LedgerApi.ListAsync(management, "?outcome=rejected")).Select(e => e.Text("deliveryId")));
        Assert.Equal([second], (await LedgerApi.ListAsync(management, "?code=invalid_signature")).Select(e => e.Text("deliveryId")));
        Assert.Equal([third], (await LedgerApi.ListAsync(management, "?route=github-report")).Select(e => e.Text("deliveryId")));
        Assert.Equal([third], (await LedgerApi.ListAsync(management, "?policy=github-report")).Select(e => e.Text("deliveryId")));
        Assert.Equal([first], (await LedgerApi.ListAsync(management, "?deliveryId=" + first)).Select(e => e.Text("deliveryId")));
        Assert.Equal([third, second], (await LedgerApi.ListAsync(management, "?limit=2")).Select(e => e.Text("deliveryId")));
        Assert.Empty(await LedgerApi.ListAsync(management, "?since=" + Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(1).ToString("O"))));
        Assert.Equal(3, (await LedgerApi.ListAsync(management, "?since=" + Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O")))).Length);
        Assert.Equal(3, (await LedgerApi.ListAsync(management, "?limit=100000")).Length);
    }

    [Theory]
    [InlineData("?limit=0")]
    [InlineData("?limit=ten")]
    [InlineData("?since=yesterday")]
    public async Task An_unusable_filter_is_a_problem(string query)
    {
        using var response = await Firewall.ManagementClient.GetAsync("/api/deliveries" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_query", await ProblemCodeAsync(response));
    }

    [Fact]
    public async Task One_entry_is_read_by_its_id()
    {
        var id = await SendAsync("wrong");
        var listed = await LedgerApi.WaitForAsync(Firewall.ManagementClient, id);

        using var found = await Firewall.ManagementClient.GetAsync("/api/deliveries/" + listed.Text("id"));
        using var missing = await Firewall.ManagementClient.GetAsync("/api/deliveries/01ARZ3NDEKTSV4RRFFQ69G5FAV");
        using var malformed = await Firewall.ManagementClient.GetAsync("/api/deliveries/not-an-id");

        Assert.Equal(HttpStatusCode.OK, found.StatusCode);
        Assert.Equal("no-store", found.Headers.CacheControl?.ToString());
        Assert.Equal(listed.GetRawText(), JsonDocument.Parse(await found.Content.ReadAsStringAsync()).RootElement.GetRawText());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("delivery_not_found", await ProblemCodeAsync(missing));
        Assert.Equal(HttpStatusCode.NotFound, malformed.StatusCode);
    }

    [Fact]
    public async Task The_stream_sends_one_delivery_event_per_new_entry()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/deliveries/stream");
        using var response = await Firewall.ManagementClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancel.Token));
        Assert.StartsWith(":", await reader.ReadLineAsync(cancel.Token), StringComparison.Ordinal);

        var ids = new[] { await SendAsync(GitHubSecret), await SendAsync("wrong") };

        var events = new List<(string Event, JsonElement Data, string Id)>();
        string? eventName = null;
        string? eventId = null;
        while (events.Count < 2 && await reader.ReadLineAsync(cancel.Token) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                eventName = line["event: ".Length..];
            }
            else if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                eventId = line["id: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                events.Add((eventName!, JsonDocument.Parse(line["data: ".Length..]).RootElement.Clone(), eventId!));
            }
        }

        Assert.All(events, e => Assert.Equal("delivery", e.Event));
        Assert.All(events, e => Assert.Equal(e.Id, e.Data.Text("id")));
        Assert.Equal(ids, events.Select(e => e.Data.Text("deliveryId")));
        Assert.Equal(["forwarded", "rejected"], events.Select(e => e.Data.Text("outcome")));
    }

    private async Task<string> SendAsync(string secret, string path = "/webhooks/github")
    {
        var id = Guid.NewGuid().ToString();
        (await Client.SendAsync(GitHubDelivery(Encoding.UTF8.GetBytes($"{{\"id\":\"{id}\"}}"), secret: secret, path: path, deliveryId: id))).Dispose();
        await LedgerApi.WaitForAsync(Firewall.ManagementClient, id);
        return id;
    }
}
