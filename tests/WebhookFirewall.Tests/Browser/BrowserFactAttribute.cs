namespace WebhookFirewall.Tests.Browser;

/// <summary>
/// A fact that needs the headless browser: skipped, with the reason, where Chromium or chromedriver is not installed.
/// xunit 2 has no skip decided inside a test, so the attribute decides it when the tests are discovered. A
/// <c>Skip</c> given in the attribute's arguments wins (it is set after this constructor runs).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (HeadlessBrowser.UnavailableReason is { } reason)
        {
            Skip = reason;
        }
    }
}
