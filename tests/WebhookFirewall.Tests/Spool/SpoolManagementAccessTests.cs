using static WebhookFirewall.Tests.Spool.SpoolFixture;

namespace WebhookFirewall.Tests.Spool;

/// <summary>DESIGN "Management access" on the spool's endpoints: Host allowlist, token, and same-origin for changes.</summary>
public sealed class SpoolManagementAccessTests : IAsyncLifetime
{
    private const string Token = "spool-test-management-token";

    private readonly TempDirectory _data = new();
    private RunningFirewall _firewall = null!;

    public async Task InitializeAsync() => _firewall = await RunningFirewall.StartAsync(
        Config(Path.Combine(_data.Path, "spool.db")).ToJson(UpstreamAt(RedisServer.FreePort())),
        "--WebhookFirewall:ManagementToken", Token);

    public async Task DisposeAsync()
    {
        await _firewall.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task Reading_needs_the_token()
    {
        using var without = await _firewall.ManagementClient.GetAsync("/api/spool");
        using var wrong = await SendAsync(HttpMethod.Get, "/api/spool", "not-the-token");
        using var right = await SendAsync(HttpMethod.Get, "/api/spool", Token);

        Assert.Equal(HttpStatusCode.Unauthorized, without.StatusCode);
        Assert.Equal("invalid_management_token", await CodeAsync(without));
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
    }

    [Fact]
    public async Task A_foreign_host_is_refused_whatever_the_token()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/spool");
        request.Headers.Host = "attacker.example";
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);

        using var response = await _firewall.ManagementClient.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("host_not_allowed", await CodeAsync(response));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("webhookfirewall", "null")]
    [InlineData("webhookfirewall", "http://evil.example")]
    public async Task A_change_without_the_marker_header_or_from_another_origin_is_refused(string? requestedBy, string? origin)
    {
        var id = "01JZ0000000000000000000000";
        foreach (var method in new[] { HttpMethod.Post, HttpMethod.Delete })
        {
            var request = new HttpRequestMessage(method, method == HttpMethod.Post ? $"/api/spool/{id}/retry" : $"/api/spool/{id}");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
            if (requestedBy is not null)
            {
                request.Headers.Add("X-Requested-By", requestedBy);
            }

            if (origin is not null)
            {
                request.Headers.Add("Origin", origin);
            }

            using var response = await _firewall.ManagementClient.SendAsync(request);

            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("cross_origin", await CodeAsync(response));
        }
    }

    [Fact]
    public async Task A_change_from_the_listeners_own_origin_or_without_origin_goes_through()
    {
        var id = "01JZ0000000000000000000000";
        var own = _firewall.ManagementClient.BaseAddress!.GetLeftPart(UriPartial.Authority);
        foreach (var origin in new[] { null, own })
        {
            var request = Mutation(HttpMethod.Post, $"/api/spool/{id}/retry");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
            if (origin is not null)
            {
                request.Headers.Add("Origin", origin);
            }

            using var response = await _firewall.ManagementClient.SendAsync(request);

            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("spool_entry_not_found", await CodeAsync(response));
        }
    }

    [Theory]
    [InlineData("?state=sent")]
    [InlineData("?limit=0")]
    [InlineData("?limit=501")]
    public async Task An_unusable_filter_is_refused(string query)
    {
        using var response = await SendAsync(HttpMethod.Get, "/api/spool" + query, Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_query", await CodeAsync(response));
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string token)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return _firewall.ManagementClient.SendAsync(request);
    }

    private static async Task<string> CodeAsync(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.GetProperty("code").GetString()!;
    }
}
