using WebhookFirewall.Hosting;

namespace WebhookFirewall.Commands;

/// <summary>The product's main job: serve the configured routes.</summary>
internal static class ServeCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var build = FirewallApplication.Build(args);
        if (!build.Succeeded)
        {
            return ProblemPrinter.Print(build.Problems);
        }

        var logger = build.App!.Services.GetRequiredService<ILoggerFactory>().CreateLogger("WebhookFirewall.Configuration");
        Configuration.ValidatedProxyConfigProvider.LogWarnings(logger, build.Warnings);
        try
        {
            await build.StartAsync();
            await build.App!.WaitForShutdownAsync();
            await build.StopAsync();
            return ExitCodes.Ok;
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"The firewall could not start: {e.Message}");
            return ExitCodes.Failure;
        }
    }
}
