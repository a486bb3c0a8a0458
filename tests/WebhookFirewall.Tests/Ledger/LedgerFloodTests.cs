namespace WebhookFirewall.Tests.Ledger;

/// <summary>A flood of refused requests cannot evict the useful history: alike ones are coalesced, and every one is counted.</summary>
public sealed class LedgerFloodTests : FirewallTestBase
{
    [Fact]
    public async Task A_flood_of_rejections_is_coalesced_per_route_code_and_client_and_counted_in_repeats()
    {
        const int Flood = 40;
        for (var i = 0; i < Flood; i++)
        {
            (await Client.SendAsync(GitHubDelivery("{}"u8.ToArray(), secret: "garbage"))).Dispose();
        }

        var valid = Guid.NewGuid().ToString();
        (await Client.SendAsync(GitHubDelivery("{\"ok\":true}"u8.ToArray(), deliveryId: valid))).Dispose();

        // The newest held-back entry is written once its second is over.
        JsonElement[] rejected = [];
        Assert.True(await Eventually.HoldsAsync(async () =>
        {
            rejected = await LedgerApi.ListAsync(Firewall.ManagementClient, "?code=invalid_signature&limit=500");
            return rejected.Sum(e => 1 + e.GetProperty("repeats").GetInt32()) == Flood;
        }), string.Join('\n', rejected.Select(e => e.GetRawText())));

        Assert.True(rejected.Length < Flood / 2, $"{rejected.Length} entries for {Flood} rejections");
        Assert.Contains(rejected, e => e.GetProperty("repeats").GetInt32() > 0);
        Assert.Equal("forwarded", (await LedgerApi.WaitForAsync(Firewall.ManagementClient, valid)).Text("outcome"));
    }

    [Fact]
    public async Task Forwarded_deliveries_are_never_coalesced()
    {
        for (var i = 0; i < 20; i++)
        {
            (await Client.SendAsync(GitHubDelivery(Encoding.UTF8.GetBytes($"{{\"n\":{i}}}")))).Dispose();
        }

        Assert.True(await Eventually.HoldsAsync(async () => (await LedgerApi.ListAsync(Firewall.ManagementClient, "?outcome=forwarded")).Length == 20));
    }
}
