using WebhookFirewall.Diagnostics;

namespace WebhookFirewall.Pipeline;

internal sealed partial class OnceOnlyForwarding
{
    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.StoreUnavailable, EventName = nameof(EventIds.StoreUnavailable), Level = LogLevel.Error, Message = "Idempotency store {Store} unavailable on route {Route} (policy {Policy}): answered 503 store_unavailable ({Error})")]
        public static partial void StoreUnavailable(ILogger logger, string route, string policy, string store, string error);

        [LoggerMessage(EventId = EventIds.SettleFailed, EventName = nameof(EventIds.SettleFailed), Level = LogLevel.Error, Message = "Idempotency store {Store} failed to {Action} a claim on route {Route} (policy {Policy}); it expires with its lease ({Error})")]
        public static partial void SettleFailed(ILogger logger, string route, string policy, string store, string action, string error);

        [LoggerMessage(EventId = EventIds.StoreErrorDetail, EventName = nameof(EventIds.StoreErrorDetail), Level = LogLevel.Error, Message = "Idempotency store {Store} error (its details are logged at most once a minute)")]
        public static partial void StoreErrorDetail(ILogger logger, Exception exception, string store);

        [LoggerMessage(EventId = EventIds.ClaimLost, EventName = nameof(EventIds.ClaimLost), Level = LogLevel.Warning, Message = "A claim on route {Route} (policy {Policy}) had expired before it was settled ({Store}): the exchange outlasted Idempotency:Lease")]
        public static partial void ClaimLost(ILogger logger, string route, string policy, string store);
    }
}
