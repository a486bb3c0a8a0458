using WebhookFirewall.Diagnostics;

namespace WebhookFirewall.Spool;

internal sealed partial class SpoolStores
{
    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.SpoolOpened, EventName = nameof(EventIds.SpoolOpened), Level = LogLevel.Information, Message = "Spool store {Store} opened")]
        public static partial void Opened(ILogger logger, string store);

        [LoggerMessage(EventId = EventIds.SpoolStoreFailed, EventName = nameof(EventIds.SpoolStoreFailed), Level = LogLevel.Error, Message = "Spool store {Store} could not be opened: nothing is spooled until it can (tried again every 10 s)")]
        public static partial void OpenFailed(ILogger logger, Exception exception, string store);

        [LoggerMessage(EventId = EventIds.SpoolStoreNotDurable, EventName = nameof(EventIds.SpoolStoreNotDurable), Level = LogLevel.Warning, Message = "Spool store {Store} is degraded: {Problem}")]
        public static partial void NotDurable(ILogger logger, string store, string problem);
    }
}
