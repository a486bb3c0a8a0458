using WebhookFirewall.Diagnostics;

namespace WebhookFirewall.Spool;

internal sealed partial class SpoolRedeliveryWorker
{
    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.SpoolStoreFailed, EventName = nameof(EventIds.SpoolStoreFailed), Level = LogLevel.Error, Message = "Spool store {Store} failed to hand out due deliveries; redelivery waits until it answers again")]
        public static partial void ClaimFailed(ILogger logger, Exception exception, string store);
    }
}
