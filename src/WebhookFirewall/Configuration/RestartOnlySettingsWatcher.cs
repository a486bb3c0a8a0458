using Microsoft.Extensions.Primitives;

namespace WebhookFirewall.Configuration;

/// <summary>
/// The <see cref="StartupSettings"/> are read once. When a reload changes one of them, say so instead of silently
/// ignoring the edit.
/// </summary>
internal sealed partial class RestartOnlySettingsWatcher : IDisposable
{
    private readonly IConfiguration _configuration;
    private readonly ILogger<RestartOnlySettingsWatcher> _logger;
    private readonly Dictionary<string, string?> _atStartup;
    private readonly IDisposable _subscription;

    public RestartOnlySettingsWatcher(IConfiguration configuration, ILogger<RestartOnlySettingsWatcher> logger)
    {
        _configuration = configuration;
        _logger = logger;
        _atStartup = StartupSettings.RestartOnlyValues(configuration);
        _subscription = ChangeToken.OnChange(configuration.GetReloadToken, ReportChanges);
    }

    public void Dispose() => _subscription.Dispose();

    private void ReportChanges()
    {
        var now = StartupSettings.RestartOnlyValues(_configuration);
        foreach (var key in now.Keys.Union(_atStartup.Keys, StringComparer.OrdinalIgnoreCase))
        {
            now.TryGetValue(key, out var current);
            _atStartup.TryGetValue(key, out var original);
            if (!string.Equals(current, original, StringComparison.Ordinal))
            {
                // The key only: a connection string may carry a password.
                Log.RestartRequired(_logger, key);
            }
        }
    }
}
