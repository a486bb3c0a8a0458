using WebhookFirewall.Diagnostics;

namespace WebhookFirewall.Hosting;

internal sealed partial record FirewallBuild
{
    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.ManagementBound, EventName = nameof(EventIds.ManagementBound), Level = LogLevel.Information, Message = "Management listener (metrics, health, delivery ledger) bound to {Addresses}")]
        public static partial void ManagementBound(ILogger logger, string addresses);
    }
}
