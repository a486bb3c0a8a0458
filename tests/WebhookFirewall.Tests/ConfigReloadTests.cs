using Microsoft.Extensions.DependencyInjection;
using WebhookFirewall.Configuration;

namespace WebhookFirewall.Tests;

/// <summary>
/// Edits to the config file apply as a whole or not at all. Routes and their policies change together; a broken,
/// empty or deleted file never takes routes away.
/// </summary>
public sealed class ConfigReloadTests : FirewallTestBase
{
    private static readonly byte[] Body = "{\"reload\":true}"u8.ToArray();

    [Fact]
    public async Task A_rotated_secret_applies_without_a_restart()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, await SendAsync("rotated-in"));

        await File.WriteAllTextAsync(Firewall.ConfigPath, WithGitHubSecrets("rotated-in").ToJson(Upstream.Address));

        Assert.True(await Eventually.HoldsAsync(async () => await SendAsync("rotated-in") == HttpStatusCode.OK));
        Assert.Equal(HttpStatusCode.Unauthorized, await SendAsync(GitHubSecret));
    }

    [Fact]
    public async Task A_new_route_applies_without_a_restart()
    {
        var config = StandardConfig().Route("added", "/webhooks/added", "github");

        await File.WriteAllTextAsync(Firewall.ConfigPath, config.ToJson(Upstream.Address));

        Assert.True(await Eventually.HoldsAsync(async () => await SendAsync(GitHubSecret, "/webhooks/added") == HttpStatusCode.OK));
    }

    public static TheoryData<string, string> BrokenEdits => new()
    {
        { "unknown provider", StandardConfig().Policy("github", new { Provider = "githubb", Secrets = new[] { "rotated-in" } }).ToJson(new Uri("http://127.0.0.1:1/")) },
        { "missing secret", StandardConfig().Policy("github", new { Provider = "github" }).ToJson(new Uri("http://127.0.0.1:1/")) },
        { "route without policy", StandardConfig().Route("github", "/webhooks/github", null).ToJson(new Uri("http://127.0.0.1:1/")) },
        { "malformed JSON", "{ \"ReverseProxy\": { \"Routes\": " },
        { "empty file", string.Empty },
        { "no routes", "{ \"ReverseProxy\": { \"Routes\": {}, \"Clusters\": {} } }" },
    };

    [Theory]
    [MemberData(nameof(BrokenEdits))]
    public async Task A_broken_edit_is_refused_and_the_last_good_config_keeps_serving(string scenario, string content)
    {
        var status = Firewall.Services.GetRequiredService<ConfigReloadStatus>();
        var failuresBefore = status.Failures;

        await File.WriteAllTextAsync(Firewall.ConfigPath, content);

        Assert.True(await Eventually.HoldsAsync(() => Task.FromResult(status.Failures > failuresBefore)), scenario);
        Assert.Equal(HttpStatusCode.OK, await SendAsync(GitHubSecret));
        Assert.NotEmpty(status.LastProblems);
        var metrics = await Firewall.ManagementClient.GetStringAsync("/metrics");
        Assert.True(PrometheusText.Value(metrics, "webhook_config_reload_failures_total") >= 1, scenario);
    }

    [Fact]
    public async Task A_deleted_file_is_refused_and_routes_keep_serving()
    {
        var status = Firewall.Services.GetRequiredService<ConfigReloadStatus>();

        File.Delete(Firewall.ConfigPath);

        Assert.True(await Eventually.HoldsAsync(() => Task.FromResult(status.Failures > 0)));
        Assert.Equal(HttpStatusCode.OK, await SendAsync(GitHubSecret));
    }

    [Fact]
    public async Task After_a_refused_edit_a_good_edit_still_applies()
    {
        var status = Firewall.Services.GetRequiredService<ConfigReloadStatus>();
        await File.WriteAllTextAsync(Firewall.ConfigPath, "{ broken");
        Assert.True(await Eventually.HoldsAsync(() => Task.FromResult(status.Failures > 0)));

        await File.WriteAllTextAsync(Firewall.ConfigPath, WithGitHubSecrets("rotated-in").ToJson(Upstream.Address));

        Assert.True(await Eventually.HoldsAsync(async () => await SendAsync("rotated-in") == HttpStatusCode.OK));
    }

    [Fact]
    public async Task No_request_is_dropped_while_the_config_changes_under_load()
    {
        using var stop = new CancellationTokenSource();
        var statuses = new System.Collections.Concurrent.ConcurrentBag<HttpStatusCode>();
        var senders = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                statuses.Add(await SendAsync(GitHubSecret));
            }
        })).ToArray();

        for (var edit = 0; edit < 8; edit++)
        {
            var config = StandardConfig().Route($"added-{edit}", $"/webhooks/added-{edit}", "github");
            await File.WriteAllTextAsync(Firewall.ConfigPath, config.ToJson(Upstream.Address));
            await Task.Delay(300);
        }

        await stop.CancelAsync();
        await Task.WhenAll(senders);

        Assert.True(statuses.Count > 50, $"only {statuses.Count} requests were sent");
        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.True(await Eventually.HoldsAsync(async () => await SendAsync(GitHubSecret, "/webhooks/added-7") == HttpStatusCode.OK));
    }

    private static FirewallConfig WithGitHubSecrets(string secret) =>
        StandardConfig().Policy("github", new { Provider = "github", Secrets = new[] { secret } });

    private async Task<HttpStatusCode> SendAsync(string secret, string path = "/webhooks/github")
    {
        using var response = await Client.SendAsync(GitHubDelivery(UniqueBody(), secret, path));
        return response.StatusCode;
    }
}
