namespace WebhookFirewall.Tests.Ledger;

/// <summary>`Ledger:Store` = `None`: nothing is recorded and the ledger's endpoints and page are not there.</summary>
public sealed class LedgerOffTests : FirewallTestBase
{
    protected override FirewallConfig Configure(FirewallConfig config) => config.Setting("Ledger", new { Store = "None" });

    [Theory]
    [InlineData("/api/deliveries")]
    [InlineData("/api/deliveries/stream")]
    [InlineData("/deliveries")]
    public async Task The_ledger_endpoints_are_not_mapped(string path)
    {
        (await Client.SendAsync(GitHubDelivery("{}"u8.ToArray()))).Dispose();

        using var response = await Firewall.ManagementClient.GetAsync(path);
        using var health = await Firewall.ManagementClient.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }
}
