using Microsoft.Extensions.Logging;

namespace WebhookFirewall.Configuration;

internal sealed partial class ValidatedProxyConfigProvider
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Applied configuration revision {Revision}: {RouteCount} routes, {ClusterCount} clusters")]
        public static partial void ReloadApplied(ILogger logger, string revision, int routeCount, int clusterCount);

        [LoggerMessage(EventId = 101, Level = LogLevel.Error, Message = "Refused the changed configuration ({ProblemCount} problems); revision {Revision} keeps serving")]
        public static partial void ReloadRefused(ILogger logger, int problemCount, string revision);

        [LoggerMessage(EventId = 102, Level = LogLevel.Error, Message = "Configuration problem: {ConfigPath}: {Problem}")]
        public static partial void ReloadProblem(ILogger logger, string configPath, string problem);
    }
}
