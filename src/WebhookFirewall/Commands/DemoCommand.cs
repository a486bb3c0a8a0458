using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using WebhookFirewall.Configuration;
using WebhookFirewall.Demo;
using WebhookFirewall.Hosting;
using Yarp.ReverseProxy.Configuration;

namespace WebhookFirewall.Commands;

/// <summary>
/// `demo`: the sample config with every cluster pointed at an in-process echo upstream, and a ready curl line with a
/// valid GitHub signature.
/// </summary>
internal static class DemoCommand
{
    private const string DemoBody = """{"zen":"Design for failure.","hook_id":1}""";

    public static async Task<int> RunAsync(string[] args)
    {
        await using var upstream = await EchoUpstream.StartAsync(Console.Out);
        // The sample, unless a config is named: only the demo ever serves it (its secrets are in the repository).
        string[] demoArgs = CommandLine.Option(args, "--config") is null ? ["--config", ConfigFileSource.SamplePath, .. args] : args;
        var build = FirewallApplication.Build(demoArgs, configuration => PointClustersAt((ConfigurationManager)configuration, upstream.Address));
        if (!build.Succeeded)
        {
            return ProblemPrinter.Print(build.Problems);
        }

        var app = build.App!;
        try
        {
            await build.StartAsync();
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"The demo could not start: {e.Message} (choose other ports with --urls and --WebhookFirewall:ManagementUrl)");
            return ExitCodes.Failure;
        }

        var publicUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Console.WriteLine($"WebhookFirewall demo: listening on {publicUrl}, every cluster forwards to the echo upstream at {upstream.Address}");
        Console.WriteLine(CurlExample(app, publicUrl) ?? "No route with a github policy in this config: nothing to sign for the example.");
        Console.WriteLine("Metrics and health: /metrics, /healthz, /readyz on the management listener (WebhookFirewall:ManagementUrl); every delivery, and why, at /deliveries there.");
        Console.WriteLine("Press Ctrl+C to stop.");
        await app.WaitForShutdownAsync();
        await build.StopAsync();
        return ExitCodes.Ok;
    }

    private static void PointClustersAt(ConfigurationManager configuration, Uri address)
    {
        var overrides = new Dictionary<string, string?>();
        foreach (var cluster in configuration.GetSection("ReverseProxy:Clusters").GetChildren())
        {
            foreach (var destination in cluster.GetSection("Destinations").GetChildren())
            {
                overrides[$"{destination.Path}:Address"] = address.ToString();
            }
        }

        // People read the demo in a terminal: one readable line per entry instead of JSON. The simple formatter
        // writes the level right after the timestamp: the format carries the separator.
        overrides["Logging:Console:FormatterName"] = "simple";
        overrides["Logging:Console:FormatterOptions:SingleLine"] = "true";
        overrides["Logging:Console:FormatterOptions:TimestampFormat"] = "yyyy-MM-ddTHH:mm:ss.fffZ ";
        // The sample's github policy spools: the demo keeps its spool in a temp folder, not where it was started.
        if (configuration["WebhookFirewall:Spool:Path"] is null)
        {
            overrides["WebhookFirewall:Spool:Path"] = Path.Combine(Path.GetTempPath(), "webhookfirewall-demo", "spool.db");
        }

        configuration.AddInMemoryCollection(overrides);
    }

    private static string? CurlExample(WebApplication app, string publicUrl)
    {
        var bindings = app.Services.GetRequiredService<RouteBindings>();
        foreach (var route in app.Services.GetRequiredService<IProxyConfigProvider>().GetConfig().Routes)
        {
            var policy = bindings.Find(route)?.Policy;
            if (policy?.Provider != "github" || route.Match.Path is not { } path || path.Contains('{', StringComparison.Ordinal))
            {
                continue;
            }

            var secret = ConfigValues.ReadList(app.Configuration.GetSection($"{PolicyReader.PoliciesPath}:{policy.Name}"), "Secrets")[0];
            var signature = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(DemoBody)));
            return $"""
                Send a signed GitHub delivery (route '{route.RouteId}'):
                  curl -i {publicUrl.TrimEnd('/')}{path} -H 'Content-Type: application/json' -H 'X-GitHub-Event: ping' -H 'X-GitHub-Delivery: {Guid.NewGuid()}' -H 'X-Hub-Signature-256: sha256={signature}' --data-binary '{DemoBody}'
                Change one byte of the body and the firewall answers 401 invalid_signature without touching the upstream.
                """;
        }

        return null;
    }
}
