using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenQA.Selenium;
using WebhookFirewall.Management.Page;

namespace WebhookFirewall.Tests.Browser;

/// <summary>
/// The page alone in a real browser, served by <see cref="DeliveriesPage"/> with its real policy, in front of a
/// listener whose every <c>/api/</c> answer is 401: the pinned hashes let its script and style run, it asks for the
/// token, and sends what is typed only as a bearer header. (The ledger itself is exercised in DeliveriesPageTests.)
/// </summary>
public sealed class DeliveriesPageShellTests : IAsyncLifetime
{
    private readonly ConcurrentQueue<(string Target, string? Authorization)> _apiRequests = new();
    private WebApplication _app = null!;
    private Uri _page = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapGet(DeliveriesPage.Path, DeliveriesPage.WriteAsync);
        _app.Map("/api/{**rest}", (HttpContext context) =>
        {
            _apiRequests.Enqueue((context.Request.Path + context.Request.QueryString, context.Request.Headers.Authorization.ToString()));
            return Results.Problem(statusCode: 401, extensions: new Dictionary<string, object?> { ["code"] = "management_token_required" });
        });
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _page = new Uri(new Uri(address), DeliveriesPage.Path);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [BrowserFact]
    public void The_page_runs_under_its_own_policy_and_asks_for_the_token()
    {
        using var browser = HeadlessBrowser.Start();
        browser.Open(_page);

        browser.WaitFor(By.Id("token-input"));

        Assert.Equal("token-input", browser.Script("return document.activeElement.id"));
        Assert.Equal("Token needed", browser.Driver.FindElement(By.Id("connection")).Text);
        Assert.Equal("rgb(11, 92, 213)", browser.Script("return getComputedStyle(document.querySelector('button.primary')).backgroundColor"));
        Assert.Empty(browser.PageProblems);
    }

    [BrowserFact]
    public void A_typed_token_is_sent_as_a_bearer_header_and_never_in_a_url()
    {
        const string token = "typed-management-token";
        using var browser = HeadlessBrowser.Start();
        browser.Open(_page);

        browser.WaitFor(By.Id("token-input")).SendKeys(token + Keys.Enter);

        Assert.True(browser.WaitUntil(() => _apiRequests.Count(r => r.Authorization == "Bearer " + token) >= 2), "the list and the stream were asked with the token");
        Assert.True(browser.WaitUntil(() => browser.Driver.FindElement(By.Id("token-reason")).Text.StartsWith("The firewall refused that token", StringComparison.Ordinal)));
        Assert.Contains(_apiRequests, r => r.Target == "/api/deliveries/stream");
        Assert.DoesNotContain(_apiRequests, r => r.Target.Contains(token, StringComparison.Ordinal));
        Assert.DoesNotContain(token, browser.Driver.Url, StringComparison.Ordinal);
        Assert.DoesNotContain(token, browser.Driver.PageSource, StringComparison.Ordinal);
        Assert.Equal(0L, browser.Script("return localStorage.length + sessionStorage.length + document.cookie.length"));
        Assert.Empty(browser.PageProblems);
    }
}
