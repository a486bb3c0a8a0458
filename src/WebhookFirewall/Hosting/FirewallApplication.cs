using WebhookFirewall.Configuration;
using WebhookFirewall.Management;
using WebhookFirewall.Model;

namespace WebhookFirewall.Hosting;

/// <summary>Builds the firewall host. Returns the problems instead of a mapped app when the config is unusable.</summary>
internal static class FirewallApplication
{
    /// <param name="args">The command line, our own options (`--config`, `--secrets-dir`) included.</param>
    /// <param name="overrides">Configuration sources added after the config file (the demo's).</param>
    /// <param name="services">Registrations made before the firewall's own, which they replace (a test's clock).</param>
    public static FirewallBuild Build(IReadOnlyList<string> args, Action<IConfigurationBuilder>? overrides = null, Action<IServiceCollection>? services = null)
    {
        var (configPath, secretsDirectory, hostArgs) = CommandLine.ExtractOwnOptions(args);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = hostArgs,
            // appsettings.json is read from the binary's folder, so the published binary works from any directory.
            ContentRootPath = AppContext.BaseDirectory,
        });

        if (ConfigFileSource.Insert(builder.Configuration, configPath, secretsDirectory) is { } fileProblem)
        {
            return new FirewallBuild(null, [fileProblem]);
        }

        overrides?.Invoke(builder.Configuration);
        var problems = new List<ConfigProblem>();
        var startup = StartupSettings.Read(builder.Configuration, problems);
        builder.WebHost.ConfigureKestrel(options =>
        {
            startup.KestrelLimits.ApplyTo(options.Limits);
            // No `Server` header: it names the software to whoever probes the endpoint.
            options.AddServerHeader = false;
            // Header values are forwarded as received, non-ASCII included (see FirewallForwarderHttpClientFactory).
            options.RequestHeaderEncodingSelector = static _ => System.Text.Encoding.UTF8;
        });
        if (startup.InlineScheduling)
        {
            builder.WebHost.UseSockets(options => options.UnsafePreferInlineScheduling = true);
        }

        services?.Invoke(builder.Services);
        builder.Services.AddWebhookFirewall(builder.Configuration, startup);

        var app = builder.Build();
        problems.AddRange(app.Services.GetRequiredService<ValidatedProxyConfigProvider>().Initialize());
        if (problems.Count > 0)
        {
            return new FirewallBuild(app, problems);
        }

        RuntimeMetricsExport.Configure(startup.RuntimeMeters);
        app.Services.GetRequiredService<RestartOnlySettingsWatcher>();
        app.MapWebhookFirewall();
        return new FirewallBuild(app, [], BuildManagement(app.Services, startup))
        {
            Warnings = app.Services.GetRequiredService<RouteBindings>().Current?.Warnings ?? [],
        };
    }

    /// <summary>The management listener: its own host, so nothing there answers on the public port.</summary>
    private static WebApplication? BuildManagement(IServiceProvider firewall, StartupSettings startup)
    {
        if (startup.ManagementUrl is not { } url)
        {
            return null; // disabled on purpose
        }

        var management = SideHost.Build(url);
        ManagementEndpoints.Map(management, firewall);
        return management;
    }
}
