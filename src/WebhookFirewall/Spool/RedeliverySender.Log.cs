using WebhookFirewall.Diagnostics;

namespace WebhookFirewall.Spool;

internal sealed partial class RedeliverySender
{
    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.Redelivered, EventName = nameof(EventIds.Redelivered), Level = LogLevel.Debug, Message = "Redelivered spooled delivery {SpoolId} on route {Route} (attempt {Attempt}): {Status}")]
        public static partial void Delivered(ILogger logger, string spoolId, string route, int attempt, int status);

        [LoggerMessage(EventId = EventIds.RedeliveryFailed, EventName = nameof(EventIds.RedeliveryFailed), Level = LogLevel.Debug, Message = "Redelivery of {SpoolId} on route {Route} failed (attempt {Attempt}: {Failure}); next attempt at {NextAttemptAt:O}")]
        public static partial void Retrying(ILogger logger, string spoolId, string route, int attempt, string failure, DateTimeOffset nextAttemptAt);

        [LoggerMessage(EventId = EventIds.DeadLettered, EventName = nameof(EventIds.DeadLettered), Level = LogLevel.Error, Message = "Spooled delivery {SpoolId} on route {Route} is dead after {Attempt} attempts ({Failure}): kept for Spool:DeadLetterTtl; retry it with POST /api/spool/{SpoolId}/retry")]
        public static partial void DeadLettered(ILogger logger, string spoolId, string route, int attempt, string failure);

        [LoggerMessage(EventId = EventIds.SpoolRouteMissing, EventName = nameof(EventIds.SpoolRouteMissing), Level = LogLevel.Warning, Message = "Route {Route} has spooled deliveries but is not in the config (or its cluster is not): they stay pending until it returns or they pass MaxAge")]
        public static partial void RouteMissing(ILogger logger, string route);

        [LoggerMessage(EventId = EventIds.SpoolLeaseLost, EventName = nameof(EventIds.SpoolLeaseLost), Level = LogLevel.Warning, Message = "The lease on spooled delivery {SpoolId} (route {Route}) ran out before its attempt was recorded: another instance may send it too; raise Spool:Lease")]
        public static partial void LeaseLost(ILogger logger, string spoolId, string route);

        [LoggerMessage(EventId = EventIds.SpoolStoreFailed, EventName = nameof(EventIds.SpoolStoreFailed), Level = LogLevel.Error, Message = "Spool store {Store} failed to record an attempt of {SpoolId} on route {Route}; its lease runs out and it is sent again")]
        public static partial void CompleteFailed(ILogger logger, Exception exception, string spoolId, string route, string store);

        [LoggerMessage(EventId = EventIds.SpoolWorkerFailed, EventName = nameof(EventIds.SpoolWorkerFailed), Level = LogLevel.Error, Message = "A redelivery of {SpoolId} on route {Route} failed unexpectedly; it stays pending")]
        public static partial void AttemptFailed(ILogger logger, Exception exception, string spoolId, string route);
    }
}
