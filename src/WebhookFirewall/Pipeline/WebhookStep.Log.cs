using WebhookFirewall.Diagnostics;

namespace WebhookFirewall.Pipeline;

internal sealed partial class WebhookStep
{
    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.Rejected, EventName = nameof(EventIds.Rejected), Level = LogLevel.Warning, Message = "Rejected webhook on route {Route} (policy {Policy}): {Code}; delivery {DeliveryId} from {RemoteAddress}")]
        public static partial void Rejected(ILogger logger, string route, string policy, string code, string? deliveryId, string? remoteAddress);

        [LoggerMessage(EventId = EventIds.ServerBusy, EventName = nameof(EventIds.ServerBusy), Level = LogLevel.Warning, Message = "Refused a webhook on route {Route} (policy {Policy}): {Code}, buffering its body would pass the budget of all bodies being buffered; from {RemoteAddress}")]
        public static partial void ServerBusy(ILogger logger, string route, string policy, string code, string? remoteAddress);

        [LoggerMessage(EventId = EventIds.BadRequest, EventName = nameof(EventIds.BadRequest), Level = LogLevel.Warning, Message = "Rejected webhook on route {Route} (policy {Policy}): {Code}, its body could not be read in full; from {RemoteAddress}")]
        public static partial void BodyUnreadable(ILogger logger, string route, string policy, string code, string? remoteAddress);
    }
}
