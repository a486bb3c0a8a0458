using WebhookFirewall.Diagnostics;

namespace WebhookFirewall.Pipeline;

internal sealed partial class RequestShapeStep
{
    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.BadRequest, EventName = nameof(EventIds.BadRequest), Level = LogLevel.Warning, Message = "Rejected webhook on route {Route} (policy {Policy}): {Code}; from {RemoteAddress}")]
        public static partial void Rejected(ILogger logger, string route, string policy, string code, string? remoteAddress);
    }
}
