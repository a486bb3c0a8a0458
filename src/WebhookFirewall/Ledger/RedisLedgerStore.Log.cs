using WebhookFirewall.Diagnostics;

namespace WebhookFirewall.Ledger;

internal sealed partial class RedisLedgerStore
{
    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.LedgerWritesFailing, EventName = nameof(EventIds.LedgerWritesFailing), Level = LogLevel.Warning, Message = "Ledger entries cannot be written to the {Store} store; they are dropped and counted in webhook_ledger_dropped_total until it is back")]
        public static partial void WritesFailing(ILogger logger, Exception exception, string store);

        [LoggerMessage(EventId = EventIds.LedgerWritesRecovered, EventName = nameof(EventIds.LedgerWritesRecovered), Level = LogLevel.Information, Message = "Ledger entries are written to the {Store} store again")]
        public static partial void WritesRecovered(ILogger logger, string store);
    }
}
