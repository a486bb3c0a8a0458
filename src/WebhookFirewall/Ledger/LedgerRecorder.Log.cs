using WebhookFirewall.Diagnostics;

namespace WebhookFirewall.Ledger;

internal sealed partial class LedgerRecorder
{
    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.LedgerRecordFailed, EventName = nameof(EventIds.LedgerRecordFailed), Level = LogLevel.Error, Message = "The ledger entry of a request on route {Route} could not be made")]
        public static partial void RecordFailed(ILogger logger, Exception exception, string route);
    }
}
