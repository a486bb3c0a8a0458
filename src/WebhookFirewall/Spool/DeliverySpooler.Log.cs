using WebhookFirewall.Diagnostics;

namespace WebhookFirewall.Spool;

internal sealed partial class DeliverySpooler
{
    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.Spooled, EventName = nameof(EventIds.Spooled), Level = LogLevel.Information, Message = "Spooled delivery {SpoolId} on route {Route} after {Failure} ({Size} bytes): answered 202")]
        public static partial void Spooled(ILogger logger, string spoolId, string route, string failure, long size);

        [LoggerMessage(EventId = EventIds.SpoolRefused, EventName = nameof(EventIds.SpoolRefused), Level = LogLevel.Warning, Message = "Did not spool a delivery on route {Route} after {Failure}: {Reason}; answered as without a spool and the claim released")]
        public static partial void Refused(ILogger logger, string route, string failure, string reason);

        [LoggerMessage(EventId = EventIds.SpoolStoreFailed, EventName = nameof(EventIds.SpoolStoreFailed), Level = LogLevel.Error, Message = "Spool store {Store} failed to store a delivery on route {Route}; answered as without a spool and the claim released")]
        public static partial void StoreFailed(ILogger logger, Exception? exception, string route, string store);
    }
}
