namespace WebhookFirewall.Configuration;

/// <summary>A located problem reported through YARP's validator lists, which carry exceptions.</summary>
internal sealed class ConfigProblemException(ConfigProblem problem) : ArgumentException(problem.ToString())
{
    public ConfigProblem Problem { get; } = problem;

    public static ConfigProblem ToProblem(Exception exception, string defaultPath) =>
        exception is ConfigProblemException located ? located.Problem : new ConfigProblem(defaultPath, exception.Message);
}
