using WebhookFirewall.Diagnostics;

namespace WebhookFirewall.Pipeline;

internal sealed partial class RequestContextStep
{
    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.RouteNotBound, EventName = nameof(EventIds.RouteNotBound), Level = LogLevel.Error, Message = "Route {Route} has no webhook policy bound; refusing the request")]
        public static partial void RouteNotBound(ILogger logger, string route);
    }
}
