using OpenQA.Selenium;
using OpenQA.Selenium.Interactions;
using WebhookFirewall.Management.Page;

namespace WebhookFirewall.Tests.Browser;

/// <summary>
/// The delivery ledger page against the real firewall: real GitHub deliveries through the public listener, the page
/// on the management listener reading the ledger API and its stream with the management token.
/// </summary>
/// <remarks>
/// Set WEBHOOKFIREWALL_SCREENSHOT=1 to save docs/deliveries.png from <see cref="Each_outcome_gets_its_badge"/>.
/// </remarks>
public sealed class DeliveriesPageTests : FirewallTestBase
{
    private const string ManagementToken = "page-test-management-token";
    private const string WrongSecret = "not-the-configured-secret";
    private const string MarkupInPath = "<img src=x onerror=alert(1)>";
    private const string MarkupInDeliveryId = "<script>alert(2)</script>";
    private const string MarkupInUserAgent = "\"><svg onload=alert(3)>";

    // GitHub's idempotency key is the content key (the body and the event type), so every delivery that should not be
    // a duplicate gets a body of its own.
    private static byte[] BodyFor(string deliveryId) =>
        Encoding.UTF8.GetBytes($"{{\"zen\":\"Keep it logically awesome.\",\"delivery\":{JsonSerializer.Serialize(deliveryId)}}}");

    protected override FirewallConfig Configure(FirewallConfig config) => config
        .Route("github-any", "/webhooks/any/{**rest}", "github")
        .Setting("ManagementToken", ManagementToken);

    [Fact]
    public async Task The_page_is_served_without_the_token_and_the_api_asks_for_it()
    {
        using var page = await Firewall.ManagementClient.GetAsync(DeliveriesPage.Path);
        using var anonymous = await Firewall.ManagementClient.GetAsync("/api/deliveries");
        using var withToken = new HttpRequestMessage(HttpMethod.Get, "/api/deliveries");
        withToken.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ManagementToken);
        using var list = await Firewall.ManagementClient.SendAsync(withToken);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html; charset=utf-8", page.Content.Headers.ContentType?.ToString());
        foreach (var (name, value) in DeliveriesPage.Headers)
        {
            Assert.Equal(value, string.Join(", ", page.Headers.TryGetValues(name, out var values) ? values : page.Content.Headers.GetValues(name)));
        }

        Assert.Equal(DeliveriesPage.Document.Html.ToArray(), await page.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal(JsonValueKind.Array, JsonDocument.Parse(await list.Content.ReadAsStringAsync()).RootElement.ValueKind);
    }

    [BrowserFact]
    public async Task Deliveries_appear_without_reloading_and_a_rejected_one_says_why()
    {
        using var browser = OpenPage();
        browser.Script("window.loadedOnce = 'yes';");

        var (validId, invalidId) = await SendValidAndInvalidAsync(browser);

        Assert.Equal("forwarded", OutcomeOf(RowFor(browser, validId)!));
        var invalidRow = RowFor(browser, invalidId)!;
        Assert.Equal("rejected", OutcomeOf(invalidRow));
        Assert.Contains("invalid_signature", invalidRow.Text, StringComparison.Ordinal);
        Assert.Equal("yes", browser.Script("return window.loadedOnce")); // the same document: nothing reloaded

        Open(browser, invalidId);
        Assert.Contains("signature", browser.Driver.FindElement(By.Id("detail-reason")).Text, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(invalidId, DetailField(browser, "Delivery id"));
        Assert.Equal("401", DetailField(browser, "Status"));

        var dom = browser.Driver.PageSource;
        foreach (var secret in new[] { GitHubSecret, GitHubPreviousSecret, WrongSecret, ManagementToken })
        {
            Assert.DoesNotContain(secret, dom, StringComparison.Ordinal);
        }

        foreach (var signature in new[] { Sign.GitHub(GitHubSecret, BodyFor(validId)), Sign.GitHub(WrongSecret, BodyFor(invalidId)) })
        {
            Assert.DoesNotContain(signature["sha256=".Length..], dom, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Empty(browser.PageProblems);
    }

    [BrowserFact]
    public async Task Filtering_by_outcome_narrows_the_list_and_the_live_rows()
    {
        using var browser = OpenPage();
        var (forwardedBefore, rejectedBefore) = await SendValidAndInvalidAsync(browser);

        browser.Driver.FindElement(By.CssSelector("#f-outcome option[value='rejected']")).Click();

        Assert.True(browser.WaitUntil(() => RowFor(browser, forwardedBefore) is null && RowFor(browser, rejectedBefore) is not null));
        var forwardedAfter = await SendAsync(HttpStatusCode.OK);
        var rejectedAfter = await SendAsync(HttpStatusCode.Unauthorized, secret: WrongSecret);
        WaitForRow(browser, rejectedAfter);
        Assert.Null(RowFor(browser, forwardedAfter));
        Assert.All(Outcomes(browser), outcome => Assert.Equal("rejected", outcome));
    }

    [BrowserFact]
    public async Task Markup_in_the_path_delivery_id_and_user_agent_is_shown_as_text_and_never_runs()
    {
        using var browser = OpenPage();
        using var request = GitHubDelivery(BodyFor(MarkupInDeliveryId), secret: WrongSecret, path: "/webhooks/any/" + MarkupInPath, deliveryId: MarkupInDeliveryId);
        request.Headers.TryAddWithoutValidation("User-Agent", MarkupInUserAgent);
        using (var response = await Client.SendAsync(request))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        WaitForRow(browser, MarkupInDeliveryId);
        Open(browser, MarkupInDeliveryId);

        // The ledger may keep the path as decoded text or as sent (percent-encoded); either way it is text here.
        var title = browser.Driver.FindElement(By.Id("detail-title")).Text;
        Assert.True(title.Contains(MarkupInPath, StringComparison.Ordinal) || title.Contains("%3Cimg", StringComparison.OrdinalIgnoreCase), title);
        Assert.Equal(MarkupInDeliveryId, DetailField(browser, "Delivery id"));
        Assert.Contains(MarkupInUserAgent, browser.Driver.FindElement(By.Id("detail-headers")).Text, StringComparison.Ordinal);
        Assert.Equal(0L, browser.Script("return document.querySelectorAll('img, svg').length"));
        Assert.Equal(1L, browser.Script("return document.scripts.length"));
        Assert.Null(browser.OpenAlertText());
        Assert.Empty(browser.PageProblems);
    }

    [BrowserFact]
    public async Task The_keyboard_alone_opens_a_delivery_and_closes_it_again()
    {
        using var browser = OpenPage();
        var (older, newer) = await SendValidAndInvalidAsync(browser);

        // The table is one tab stop: Tab from the last filter button lands on the newest row.
        browser.Script("document.querySelector('#filters button[type=reset]').focus();");
        Press(browser, Keys.Tab);
        Assert.Equal(newer, FocusedDeliveryId(browser));
        Press(browser, Keys.ArrowDown);
        Assert.Equal(older, FocusedDeliveryId(browser));

        Press(browser, Keys.Enter);
        Assert.True(browser.WaitUntil(() => DialogOpen(browser)));
        Assert.Equal(older, DetailField(browser, "Delivery id"));
        Press(browser, Keys.Escape);
        Assert.True(browser.WaitUntil(() => !DialogOpen(browser)));
        Assert.Equal(older, FocusedDeliveryId(browser));
    }

    [BrowserFact]
    public async Task Each_outcome_gets_its_badge()
    {
        using var browser = OpenPage();
        var forwarded = await SendAsync(HttpStatusCode.OK);
        var duplicate = Guid.NewGuid().ToString();
        using (var first = await Client.SendAsync(GitHubDelivery(BodyFor(duplicate), deliveryId: duplicate)))
        using (var again = await Client.SendAsync(GitHubDelivery(BodyFor(duplicate), deliveryId: duplicate)))
        {
            Assert.Equal("true", again.Headers.TryGetValues("X-Webhook-Duplicate", out var values) ? values.Single() : null);
        }

        var unsigned = await SendAsync(HttpStatusCode.Unauthorized, secret: null);
        var tooLarge = await SendAsync(HttpStatusCode.RequestEntityTooLarge, body: new byte[SmallLimit + 1], path: "/webhooks/small");

        Assert.Equal("forwarded", OutcomeOf(WaitForRow(browser, forwarded)));
        Assert.True(browser.WaitUntil(() => Outcomes(browser).Contains("duplicate")));
        Assert.Equal("rejected", OutcomeOf(WaitForRow(browser, unsigned)));
        Assert.Equal("too_large", OutcomeOf(WaitForRow(browser, tooLarge)));
        Assert.Equal("tone-ok", ToneOf(browser, forwarded));
        Assert.Equal("tone-bad", ToneOf(browser, unsigned));

        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("WEBHOOKFIREWALL_SCREENSHOT")))
        {
            browser.Screenshot(Path.Combine(RepositoryRoot(), "docs", "deliveries.png"));
        }
    }

    private HeadlessBrowser OpenPage()
    {
        var browser = HeadlessBrowser.Start();
        try
        {
            browser.Open(new Uri(Firewall.ManagementClient.BaseAddress!, DeliveriesPage.Path));
            browser.WaitFor(By.Id("token-input")).SendKeys(ManagementToken + Keys.Enter);
            Assert.True(browser.WaitUntil(() => browser.Driver.FindElement(By.Id("connection")).Text == "Live"), "the stream did not connect: " + browser.BodyText());
            return browser;
        }
        catch
        {
            browser.Dispose();
            throw;
        }
    }

    /// <summary>A forwarded delivery, then a rejected one (wrong secret); returns once both rows are shown.</summary>
    private async Task<(string Valid, string Invalid)> SendValidAndInvalidAsync(HeadlessBrowser browser)
    {
        var valid = await SendAsync(HttpStatusCode.OK);
        var invalid = await SendAsync(HttpStatusCode.Unauthorized, secret: WrongSecret);
        WaitForRow(browser, valid);
        WaitForRow(browser, invalid);
        return (valid, invalid);
    }

    /// <summary>Sends one GitHub delivery and returns its delivery id.</summary>
    private async Task<string> SendAsync(HttpStatusCode expected, string? secret = GitHubSecret, byte[]? body = null, string path = "/webhooks/github")
    {
        var deliveryId = Guid.NewGuid().ToString();
        using var response = await Client.SendAsync(GitHubDelivery(body ?? BodyFor(deliveryId), secret, path, deliveryId));
        Assert.Equal(expected, response.StatusCode);
        return deliveryId;
    }

    // Rows are found by their delivery id cell's text, read by the browser (the id may hold any characters).
    private static IWebElement? RowFor(HeadlessBrowser browser, string deliveryId) =>
        browser.Script("return Array.from(document.querySelectorAll('#rows tr')).find(r => r.cells[5].textContent === arguments[0]) || null;", deliveryId) as IWebElement;

    private static IWebElement WaitForRow(HeadlessBrowser browser, string deliveryId)
    {
        IWebElement? row = null;
        Assert.True(browser.WaitUntil(() => (row = RowFor(browser, deliveryId)) is not null), $"no row for {deliveryId}: {browser.BodyText()}");
        return row!;
    }

    private static void Open(HeadlessBrowser browser, string deliveryId) =>
        Assert.True(browser.WaitUntil(() =>
        {
            if (RowFor(browser, deliveryId) is { } row)
            {
                browser.Click(row); // a row re-rendered between finding and clicking is found again on the next round
            }

            return DialogOpen(browser);
        }));

    private static bool DialogOpen(HeadlessBrowser browser) => browser.Script("return document.getElementById('detail').open;") is true;

    private static string OutcomeOf(IWebElement row) => row.FindElement(By.CssSelector(".badge")).Text;

    private static string? ToneOf(HeadlessBrowser browser, string deliveryId) =>
        RowFor(browser, deliveryId)?.FindElement(By.CssSelector(".badge")).GetAttribute("class")?.Split(' ').Single(c => c.StartsWith("tone-", StringComparison.Ordinal));

    private static List<string> Outcomes(HeadlessBrowser browser) =>
        ((IEnumerable<object>)browser.Script("return Array.from(document.querySelectorAll('#rows tr .badge'), b => b.textContent);")!)
            .Select(o => (string)o).ToList();

    private static string? DetailField(HeadlessBrowser browser, string label) =>
        browser.Script("const dt = Array.from(document.querySelectorAll('#detail-request dt')).find(d => d.textContent === arguments[0]); return dt ? dt.nextElementSibling.textContent : null;", label) as string;

    private static string? FocusedDeliveryId(HeadlessBrowser browser) =>
        browser.Script("const e = document.activeElement; return e && e.cells ? e.cells[5].textContent : null;") as string;

    private static void Press(HeadlessBrowser browser, string key) => new Actions(browser.Driver).SendKeys(key).Perform();

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "WebhookFirewall.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("WebhookFirewall.sln not found above " + AppContext.BaseDirectory);
    }
}
