using WebhookFirewall.Diagnostics;

namespace WebhookFirewall.Pipeline;

internal sealed partial class OnceOnlyForwarding
{
    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.StoreUnavailable, EventName = nameof(EventIds.StoreUnavailable), Level = LogLevel.Error, Message = "Idempotency store {Store} unavailable on route {Route} (policy {Policy}): answered 503 store_unavailable")]
        public static partial void StoreUnavailable(ILogger logger, Exception exception, string route, string policy, string store);

        [LoggerMessage(EventId = EventIds.SettleFailed, EventName = nameof(EventIds.SettleFailed), Level = LogLevel.Error, Message = "Idempotency store {Store} failed to {Action} a claim on route {Route} (policy {Policy}); it expires with its lease")]
        public static partial void SettleFailed(ILogger logger, Exception exception, string route, string policy, string store, string action);

        [LoggerMessage(EventId = EventIds.ClaimLost, EventName = nameof(EventIds.ClaimLost), Level = LogLevel.Warning, Message = "A claim on route {Route} (policy {Policy}) had expired before it was settled ({Store}): the exchange outlasted Idempotency:Lease")]
        public static partial void ClaimLost(ILogger logger, string route, string policy, string store);
    }
}
