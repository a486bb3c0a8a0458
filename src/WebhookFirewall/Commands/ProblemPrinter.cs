using WebhookFirewall.Model;

namespace WebhookFirewall.Commands;

internal static class ProblemPrinter
{
    /// <summary>One problem per line on stderr, each with its config path: no stack traces.</summary>
    public static int Print(IReadOnlyList<ConfigProblem> problems)
    {
        Console.Error.WriteLine($"Configuration is invalid ({problems.Count} problem{(problems.Count == 1 ? string.Empty : "s")}):");
        foreach (var problem in problems)
        {
            Console.Error.WriteLine($"  {problem}");
        }

        return ExitCodes.InvalidConfiguration;
    }
}
