using Microsoft.AspNetCore.Server.Kestrel.Core;
using WebhookFirewall.Configuration;
using WebhookFirewall.Configuration.RouteValidators;
using WebhookFirewall.Idempotency;
using WebhookFirewall.Limits;
using WebhookFirewall.Management;
using WebhookFirewall.Pipeline;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Configuration.RouteValidators;

namespace WebhookFirewall.Hosting;

/// <summary>Builds the firewall host. Returns the problems instead of a mapped app when the config is unusable.</summary>
internal static class FirewallApplication
{
    public static FirewallBuild Build(IReadOnlyList<string> args, Action<IConfigurationBuilder>? overrides = null)
    {
        var (configPath, secretsDirectory, hostArgs) = CommandLine.ExtractOwnOptions(args);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = hostArgs,
            // appsettings.json is read from the binary's folder, so the published binary works from any directory.
            ContentRootPath = AppContext.BaseDirectory,
        });

        var fileProblem = ConfigFileSource.Insert(builder.Configuration, configPath, secretsDirectory);
        if (fileProblem is { } problem)
        {
            return new FirewallBuild(null, [problem]);
        }

        overrides?.Invoke(builder.Configuration);
        var startupProblems = new List<ConfigProblem>();
        var idempotency = IdempotencyOptions.Read(builder.Configuration, startupProblems);
        KestrelLimitsConfiguration.Validate(builder.Configuration.GetSection("Kestrel:Limits"), startupProblems);
        ConfigureKestrelDefaults(builder.WebHost);
        builder.Services.AddIdempotency(idempotency);
        AddFirewall(builder.Services, builder.Configuration);

        var app = builder.Build();
        startupProblems.AddRange(app.Services.GetRequiredService<ValidatedProxyConfigProvider>().Initialize());
        if (startupProblems.Count > 0)
        {
            return new FirewallBuild(app, startupProblems);
        }

        if (app.Configuration.GetValue("WebhookFirewall:Metrics:RuntimeMeters", true))
        {
            RuntimeMetricsExport.EnsureConfigured();
        }
        else
        {
            RuntimeMetricsExport.Disable();
        }

        app.Services.GetRequiredService<RestartOnlySettingsWatcher>();
        var step = app.Services.GetRequiredService<WebhookStep>();
        app.UseRouting();
        app.UseMiddleware<AdmissionStep>();
        app.MapReverseProxy(pipeline =>
        {
            pipeline.Use(step.InvokeAsync);
            // The pipeline overload leaves these out; the webhook step must not cost the user any of them.
            pipeline.UseSessionAffinity();
            pipeline.UseLoadBalancing();
            pipeline.UsePassiveHealthChecks();
        });
        return new FirewallBuild(app, [], ManagementEndpoints.Build(app.Services, app.Configuration));
    }

    private static void AddFirewall(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<RouteBindings>();
        services.AddSingleton<ConfigReloadStatus>();
        services.AddSingleton<WebhookStep>();
        services.AddSingleton<OnceOnlyForwarding>();
        services.AddSingleton<FirewallMetrics>();
        services.AddSingleton<RestartOnlySettingsWatcher>();
        services.AddSingleton<RouteLimiters>();
        services.AddSingleton<IRouteValidator, WebhookPolicyRouteValidator>();

        services.AddReverseProxy()
            .LoadFromConfig(configuration.GetSection("ReverseProxy"))
            .AddTransforms(VerificationHeaderTransforms.Add);

        // YARP's file provider goes behind our validating one, which YARP then sees as its only provider.
        var fileProvider = services.Last(d => d.ServiceType == typeof(IProxyConfigProvider));
        services.Remove(fileProvider);
        services.AddSingleton(sp => new ValidatedProxyConfigProvider(
            CreateInner(fileProvider, sp),
            sp.GetRequiredService<IConfiguration>(),
            sp.GetRequiredService<RouteBindings>(),
            sp,
            sp.GetRequiredService<ConfigReloadStatus>(),
            sp.GetRequiredService<IdempotencyOptions>(),
            sp.GetRequiredService<ILogger<ValidatedProxyConfigProvider>>()));
        services.AddSingleton<IProxyConfigProvider>(sp => sp.GetRequiredService<ValidatedProxyConfigProvider>());
    }

    private static IProxyConfigProvider CreateInner(ServiceDescriptor descriptor, IServiceProvider services) =>
        (IProxyConfigProvider)(descriptor.ImplementationInstance
            ?? descriptor.ImplementationFactory?.Invoke(services)
            ?? ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType!));

    /// <summary>
    /// Limits set deliberately for a public webhook endpoint, then `Kestrel:Limits` from configuration on top (a
    /// WebApplication does not bind that section by itself). Webhook senders send a handful of small headers: a
    /// request needing more is not a webhook.
    /// </summary>
    private static void ConfigureKestrelDefaults(ConfigureWebHostBuilder webHost)
    {
        webHost.ConfigureKestrel((context, options) =>
        {
            var limits = options.Limits;
            limits.RequestHeadersTimeout = TimeSpan.FromSeconds(10); // slowloris on headers: cut off after 10 s
            limits.MinRequestBodyDataRate = new MinDataRate(bytesPerSecond: 240, gracePeriod: TimeSpan.FromSeconds(5));
            limits.MaxRequestHeadersTotalSize = 32 * 1024;
            limits.MaxRequestHeaderCount = 64;
            limits.MaxRequestLineSize = 8 * 1024;
            limits.KeepAliveTimeout = TimeSpan.FromSeconds(130); // outlasts the usual 120 s load-balancer idle timeout
            try
            {
                KestrelLimitsConfiguration.Apply(context.Configuration.GetSection("Kestrel:Limits"), limits);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException)
            {
                // Reported as a start-up problem by KestrelLimitsConfiguration.Validate; the process does not start.
            }
        });
    }
}

/// <summary>The built hosts (public and management), or the problems that stop them from starting.</summary>
internal sealed record FirewallBuild(WebApplication? App, IReadOnlyList<ConfigProblem> Problems, WebApplication? Management = null)
{
    public bool Succeeded => Problems.Count == 0 && App is not null;

    public async Task StartAsync()
    {
        if (Management is not null)
        {
            await Management.StartAsync();
        }

        await App!.StartAsync();
    }

    public async Task StopAsync()
    {
        await App!.StopAsync();
        await App.DisposeAsync();
        if (Management is not null)
        {
            await Management.StopAsync();
            await Management.DisposeAsync();
        }
    }
}
