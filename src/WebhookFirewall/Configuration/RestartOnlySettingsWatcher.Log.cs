using WebhookFirewall.Diagnostics;

namespace WebhookFirewall.Configuration;

internal sealed partial class RestartOnlySettingsWatcher
{
    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.RestartRequired, EventName = nameof(EventIds.RestartRequired), Level = LogLevel.Warning, Message = "Configuration key {ConfigKey} changed, but it is read only at start-up: restart the firewall to apply it")]
        public static partial void RestartRequired(ILogger logger, string configKey);
    }
}
