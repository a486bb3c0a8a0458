using WebhookFirewall.Diagnostics;

namespace WebhookFirewall.Pipeline;

internal sealed partial class AdmissionStep
{
    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.SourceNotAllowed, EventName = nameof(EventIds.SourceNotAllowed), Level = LogLevel.Warning, Message = "Rejected webhook on route {Route} (policy {Policy}): source_not_allowed; from {RemoteAddress}")]
        public static partial void SourceNotAllowed(ILogger logger, string route, string policy, string remoteAddress);

        [LoggerMessage(EventId = EventIds.RateLimited, EventName = nameof(EventIds.RateLimited), Level = LogLevel.Warning, Message = "Rejected webhook on route {Route} (policy {Policy}): rate_limited; from {RemoteAddress}")]
        public static partial void RateLimited(ILogger logger, string route, string policy, string? remoteAddress);
    }
}
