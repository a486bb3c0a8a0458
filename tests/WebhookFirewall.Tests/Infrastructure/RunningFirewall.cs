using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using WebhookFirewall.Hosting;

namespace WebhookFirewall.Tests.Infrastructure;

/// <summary>The real firewall host on 127.0.0.1:0, reading a real config file, in front of a real upstream.</summary>
public sealed class RunningFirewall : IAsyncDisposable
{
    private readonly FirewallBuild _build;
    private readonly WebApplication _app;

    private RunningFirewall(FirewallBuild build, TempDirectory directory, string configPath, Uri address, Uri managementAddress)
    {
        _build = build;
        _app = build.App!;
        ManagementClient = new HttpClient { BaseAddress = managementAddress, Timeout = TimeSpan.FromSeconds(30) };
        Directory = directory;
        ConfigPath = configPath;
        Address = address;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public TempDirectory Directory { get; }

    public string ConfigPath { get; }

    public Uri Address { get; }

    public HttpClient Client { get; }

    /// <summary>The management listener: /metrics, /healthz, /readyz.</summary>
    public HttpClient ManagementClient { get; }

    public IServiceProvider Services => _app.Services;

    public static Task<RunningFirewall> StartAsync(string configJson, params string[] extraArgs) => StartAsync(configJson, services: null, extraArgs);

    /// <param name="services">Registrations that replace the firewall's own (a fake clock).</param>
    public static async Task<RunningFirewall> StartAsync(string configJson, Action<IServiceCollection>? services, params string[] extraArgs)
    {
        var directory = new TempDirectory();
        var configPath = directory.Write("firewall.json", configJson);
        string[] args = ["--config", configPath, "--urls", "http://127.0.0.1:0", "--WebhookFirewall:ManagementUrl", "http://127.0.0.1:0", "--Logging:LogLevel:Default", "Warning", .. extraArgs];
        var build = FirewallApplication.Build(args, services: services);
        if (!build.Succeeded)
        {
            directory.Dispose();
            throw new InvalidOperationException("Firewall refused its config: " + string.Join(Environment.NewLine, build.Problems));
        }

        await build.StartAsync();
        return new RunningFirewall(build, directory, configPath, AddressOf(build.App!), AddressOf(build.Management!));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        ManagementClient.Dispose();
        await _build.StopAsync();
        Directory.Dispose();
    }

    private static Uri AddressOf(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
}
