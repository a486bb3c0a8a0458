using WebhookFirewall.Configuration;
using WebhookFirewall.Hosting;

namespace WebhookFirewall.Commands;

/// <summary>
/// `healthcheck [--url URL]`: exit 0 when the management listener's /healthz answers 200. For container
/// HEALTHCHECKs: the ASP.NET runtime image has no curl, but it has this binary.
/// </summary>
internal static class HealthCheckCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var url = CommandLine.Option(args, "--url")
            ?? Environment.GetEnvironmentVariable("WebhookFirewall__ManagementUrl")?.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).Replace("+", "127.0.0.1", StringComparison.Ordinal).Replace("*", "127.0.0.1", StringComparison.Ordinal)
            ?? StartupSettings.DefaultManagementUrl;
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        try
        {
            using var response = await client.GetAsync(new Uri(new Uri(url), "/healthz"));
            return response.IsSuccessStatusCode ? ExitCodes.Ok : ExitCodes.Failure;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or UriFormatException)
        {
            Console.Error.WriteLine($"unhealthy: {e.Message}");
            return ExitCodes.Failure;
        }
    }
}
