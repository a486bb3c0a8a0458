using WebhookFirewall.Diagnostics;

namespace WebhookFirewall.Configuration;

internal sealed partial class ValidatedProxyConfigProvider
{
    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.ConfigApplied, EventName = nameof(EventIds.ConfigApplied), Level = LogLevel.Information, Message = "Applied configuration revision {Revision}: {RouteCount} routes, {ClusterCount} clusters")]
        public static partial void ReloadApplied(ILogger logger, string revision, int routeCount, int clusterCount);

        [LoggerMessage(EventId = EventIds.ConfigRefused, EventName = nameof(EventIds.ConfigRefused), Level = LogLevel.Error, Message = "Refused the changed configuration ({ProblemCount} problems); revision {Revision} keeps serving")]
        public static partial void ReloadRefused(ILogger logger, int problemCount, string revision);

        [LoggerMessage(EventId = EventIds.ConfigProblem, EventName = nameof(EventIds.ConfigProblem), Level = LogLevel.Error, Message = "Configuration problem: {ConfigPath}: {Problem}")]
        public static partial void ReloadProblem(ILogger logger, string configPath, string problem);

        [LoggerMessage(EventId = EventIds.ConfigWarning, EventName = nameof(EventIds.ConfigWarning), Level = LogLevel.Warning, Message = "Configuration warning: {ConfigPath}: {Warning}")]
        public static partial void Warning(ILogger logger, string configPath, string warning);
    }
}
