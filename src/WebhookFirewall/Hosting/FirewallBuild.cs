using WebhookFirewall.Model;

namespace WebhookFirewall.Hosting;

/// <summary>The built hosts (public and management), or the problems that stop them from starting.</summary>
internal sealed record FirewallBuild(WebApplication? App, IReadOnlyList<ConfigProblem> Problems, WebApplication? Management = null)
{
    /// <summary>What the applied config allows but probably did not mean (see SpoolWarnings): told, never refused.</summary>
    public IReadOnlyList<ConfigProblem> Warnings { get; init; } = [];

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
