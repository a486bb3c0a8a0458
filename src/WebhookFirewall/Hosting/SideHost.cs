namespace WebhookFirewall.Hosting;

/// <summary>
/// A small web host next to the public one (the management listener, the demo's upstream) that reads no
/// configuration: the environment and appsettings.json (Urls, Kestrel:Endpoints) belong to the public host.
/// </summary>
internal static class SideHost
{
    public static WebApplication Build(string url)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection();
        builder.WebHost.UseUrls(url);
        builder.WebHost.ConfigureKestrel(static options => options.AddServerHeader = false);
        builder.Logging.ClearProviders();
        return builder.Build();
    }
}
