namespace WebhookFirewall.Pipeline;

internal sealed partial class WebhookStep
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 200, Level = LogLevel.Warning, Message = "Rejected webhook on route {Route} (policy {Policy}): {Code}; delivery {DeliveryId} from {RemoteAddress}")]
        public static partial void Rejected(ILogger logger, string route, string policy, string code, string? deliveryId, string? remoteAddress);

        [LoggerMessage(EventId = 201, Level = LogLevel.Error, Message = "Route {Route} has no webhook policy bound; refusing the request")]
        public static partial void RouteNotBound(ILogger logger, string route);
    }
}
