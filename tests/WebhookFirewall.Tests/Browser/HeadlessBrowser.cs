using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using LogLevel = OpenQA.Selenium.LogLevel;

namespace WebhookFirewall.Tests.Browser;

/// <summary>
/// Debian's Chromium, headless, driven by Debian's chromedriver. Both are named explicitly so Selenium Manager never
/// looks for (or tries to download) a browser or a driver. Each instance has a fresh profile, deleted on dispose.
/// </summary>
public sealed class HeadlessBrowser : IDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public const string DriverDirectory = "/usr/bin";
    public const string DriverFileName = "chromedriver";

    private static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(10);

    private readonly ChromeDriverService _service;
    private readonly string _profile;
    private readonly List<BrowserLogEntry> _log = [];

    private HeadlessBrowser(ChromeDriverService service, ChromeDriver driver, string profile)
    {
        _service = service;
        Driver = driver;
        _profile = profile;
    }

    /// <summary>Null when the browser can run here; otherwise why not, worded as a skip reason.</summary>
    public static string? UnavailableReason { get; } = FindUnavailableReason();

    public ChromeDriver Driver { get; }

    /// <summary>Everything the page wrote to the console and every uncaught error, in order, since the start.</summary>
    public IReadOnlyList<BrowserLogEntry> Log
    {
        get
        {
            // chromedriver hands out each entry once; keep them so several assertions can read the same history.
            foreach (var entry in Driver.Manage().Logs.GetLog(LogType.Browser))
            {
                _log.Add(new BrowserLogEntry(entry.Level, entry.Message));
            }

            return _log.ToArray();
        }
    }

    /// <summary>Uncaught exceptions and console errors, leaving out failed HTTP answers (a 401 the page expects).</summary>
    public IReadOnlyList<BrowserLogEntry> ScriptErrors => Log.Where(e => e.IsScriptError).ToArray();

    /// <summary>Everything Chromium reported as refused by the page's Content-Security-Policy.</summary>
    public IReadOnlyList<BrowserLogEntry> CspViolations => Log.Where(e => e.IsCspViolation).ToArray();

    /// <summary>Script errors and CSP refusals together: a page working as meant has none.</summary>
    public IReadOnlyList<BrowserLogEntry> PageProblems => Log.Where(e => e.IsScriptError || e.IsCspViolation).ToArray();

    public static HeadlessBrowser Start(int width = 1280, int height = 900)
    {
        if (UnavailableReason is { } reason)
        {
            throw new InvalidOperationException(reason);
        }

        var profile = Path.Combine(Path.GetTempPath(), "webhookfirewall-browser-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(profile);
        var options = new ChromeOptions
        {
            BinaryLocation = ChromiumPath,
            // An alert opened by injected markup stays open, so a test can see it (OpenAlertText) and fail on it.
            UnhandledPromptBehavior = UnhandledPromptBehavior.Ignore,
        };
        options.AddArguments(
            "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
            "--user-data-dir=" + profile, $"--window-size={width},{height}");
        options.SetLoggingPreference(LogType.Browser, LogLevel.All);

        var service = ChromeDriverService.CreateDefaultService(DriverDirectory, DriverFileName);
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        try
        {
            return new HeadlessBrowser(service, new ChromeDriver(service, options, TimeSpan.FromSeconds(60)), profile);
        }
        catch
        {
            service.Dispose();
            DeleteProfile(profile);
            throw;
        }
    }

    public void Open(Uri url) => Driver.Navigate().GoToUrl(url);

    /// <summary>Runs a script in the page (WebDriver's evaluation is not subject to the page's CSP).</summary>
    public object? Script(string script, params object?[] args) => Driver.ExecuteScript(script, args);

    /// <summary>Clicks an element after scrolling it to the middle of the window, clear of sticky headers.</summary>
    public void Click(IWebElement element)
    {
        Script("arguments[0].scrollIntoView({ block: 'center', inline: 'nearest' });", element);
        element.Click();
    }

    /// <summary>The first displayed element matching <paramref name="by"/>; fails with the page's text when none comes.</summary>
    public IWebElement WaitFor(By by, TimeSpan? timeout = null)
    {
        IWebElement? found = null;
        if (!WaitUntil(() => (found = Driver.FindElements(by).FirstOrDefault(e => e.Displayed)) is not null, timeout))
        {
            throw new TimeoutException($"No visible {by} within {(timeout ?? DefaultWait).TotalSeconds} s. The page shows: {BodyText()}");
        }

        return found!;
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; an element replaced mid-check just means "not yet".</summary>
    public bool WaitUntil(Func<bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultWait);
        while (true)
        {
            try
            {
                if (condition())
                {
                    return true;
                }
            }
            catch (StaleElementReferenceException)
            {
                // the page re-rendered the element between finding and reading it
            }

            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }

            Thread.Sleep(50);
        }
    }

    /// <summary>The text of an open alert, confirm or prompt dialog; null when there is none.</summary>
    public string? OpenAlertText()
    {
        try
        {
            return Driver.SwitchTo().Alert().Text;
        }
        catch (NoAlertPresentException)
        {
            return null;
        }
    }

    public string BodyText() => Driver.FindElement(By.TagName("body")).Text;

    /// <summary>Saves what the window shows as a PNG, creating the folder.</summary>
    public void Screenshot(string path)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        Driver.GetScreenshot().SaveAsFile(path);
    }

    public void Dispose()
    {
        try
        {
            Driver.Quit();
        }
        finally
        {
            Driver.Dispose();
            _service.Dispose();
            DeleteProfile(_profile);
        }
    }

    private static string? FindUnavailableReason()
    {
        var missing = new[] { ChromiumPath, Path.Combine(DriverDirectory, DriverFileName) }.Where(p => !File.Exists(p)).ToArray();
        return missing.Length == 0
            ? null
            : $"{string.Join(" and ", missing)} not found: browser tests need Debian's chromium and chromium-driver packages (apt-get install -y chromium chromium-driver).";
    }

    private static void DeleteProfile(string profile)
    {
        try
        {
            Directory.Delete(profile, recursive: true);
        }
        catch (IOException)
        {
            // best effort: Chromium may still be writing its last files
        }
        catch (UnauthorizedAccessException)
        {
            // best effort
        }
    }
}

/// <summary>One console message or error as Chromium reported it.</summary>
public sealed record BrowserLogEntry(LogLevel Level, string Message)
{
    /// <summary>An HTTP answer that was not 2xx (Chromium logs those as errors too).</summary>
    public bool IsFailedResource => Message.Contains("Failed to load resource", StringComparison.Ordinal);

    public bool IsScriptError => Level == LogLevel.Severe && !IsFailedResource;

    public bool IsCspViolation => Message.Contains("Content Security Policy", StringComparison.Ordinal);
}
