using WebhookFirewall.Diagnostics;

namespace WebhookFirewall.Pipeline;

internal sealed partial class WebhookStep
{
    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.Rejected, EventName = nameof(EventIds.Rejected), Level = LogLevel.Warning, Message = "Rejected webhook on route {Route} (policy {Policy}): {Code}; delivery {DeliveryId} from {RemoteAddress}")]
        public static partial void Rejected(ILogger logger, string route, string policy, string code, string? deliveryId, string? remoteAddress);
    }
}
