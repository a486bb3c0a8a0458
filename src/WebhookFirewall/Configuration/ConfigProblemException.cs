using WebhookFirewall.Model;

namespace WebhookFirewall.Configuration;

/// <summary>
/// Carries one <see cref="ConfigProblem"/> through YARP's validator lists, which hold exceptions, so its config path
/// survives the trip.
/// </summary>
internal sealed class ConfigProblemException(ConfigProblem problem) : ArgumentException(problem.ToString())
{
    public ConfigProblem Problem { get; } = problem;

    public static ConfigProblemException At(string path, string message) => new(new ConfigProblem(path, message));

    /// <summary>Ours keep their path; YARP's own errors get the path of what they were raised for.</summary>
    public static ConfigProblem ToProblem(Exception exception, string defaultPath) =>
        exception is ConfigProblemException located ? located.Problem : new ConfigProblem(defaultPath, exception.Message);
}
