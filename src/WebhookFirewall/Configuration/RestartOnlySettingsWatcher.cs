using Microsoft.Extensions.Primitives;

namespace WebhookFirewall.Configuration;

/// <summary>
/// Some settings are read once at start-up: the idempotency store, its Redis connection, the management listener and
/// Kestrel's limits. When a reload changes one of them, say so instead of silently ignoring the edit.
/// </summary>
internal sealed partial class RestartOnlySettingsWatcher : IDisposable
{
    private static readonly string[] Keys =
    [
        "WebhookFirewall:Idempotency:Store",
        "WebhookFirewall:Idempotency:Lease",
        "WebhookFirewall:Idempotency:MaxEntries",
        "WebhookFirewall:Idempotency:KeyPrefix",
        "ConnectionStrings:Redis",
        "WebhookFirewall:ManagementUrl",
    ];

    private readonly IConfiguration _configuration;
    private readonly ILogger<RestartOnlySettingsWatcher> _logger;
    private readonly Dictionary<string, string?> _atStartup;
    private readonly IDisposable _subscription;

    public RestartOnlySettingsWatcher(IConfiguration configuration, ILogger<RestartOnlySettingsWatcher> logger)
    {
        _configuration = configuration;
        _logger = logger;
        _atStartup = Snapshot();
        _subscription = ChangeToken.OnChange(configuration.GetReloadToken, ReportChanges);
    }

    public void Dispose() => _subscription.Dispose();

    private Dictionary<string, string?> Snapshot()
    {
        var values = Keys.ToDictionary(k => k, k => _configuration[k], StringComparer.OrdinalIgnoreCase);
        foreach (var limit in _configuration.GetSection("Kestrel:Limits").AsEnumerable())
        {
            values[limit.Key] = limit.Value;
        }

        return values;
    }

    private void ReportChanges()
    {
        var now = Snapshot();
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

    private static partial class Log
    {
        [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "Configuration key {ConfigKey} changed, but it is read only at start-up: restart the firewall to apply it")]
        public static partial void RestartRequired(ILogger logger, string configKey);
    }
}
