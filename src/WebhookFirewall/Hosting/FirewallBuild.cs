using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using WebhookFirewall.Model;

namespace WebhookFirewall.Hosting;

/// <summary>The built hosts (public and management), or the problems that stop them from starting.</summary>
internal sealed partial record FirewallBuild(WebApplication? App, IReadOnlyList<ConfigProblem> Problems, WebApplication? Management = null)
{
    /// <summary>What the applied config allows but probably did not mean (see SpoolWarnings): told, never refused.</summary>
    public IReadOnlyList<ConfigProblem> Warnings { get; init; } = [];

    public bool Succeeded => Problems.Count == 0 && App is not null;

    public async Task StartAsync()
    {
        if (Management is not null)
        {
            await Management.StartAsync();
            // Said out loud: where metrics and the delivery ledger answer is what an operator must be able to check.
            var addresses = Management.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            Log.ManagementBound(App!.Services.GetRequiredService<ILogger<FirewallBuild>>(), string.Join(", ", addresses));
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
