using System.Globalization;
using WebhookFirewall.Configuration;
using WebhookFirewall.Hosting;
using WebhookFirewall.Model;
using WebhookFirewall.Verification;
using Yarp.ReverseProxy.Configuration;

namespace WebhookFirewall.Commands;

/// <summary>
/// `validate --config FILE`: exactly the start-up validation, over the same sources, without listening.
/// `validate --providers`: the catalogue, one provider per line with what it verifies and the settings it takes.
/// </summary>
internal static class ValidateCommand
{
    public static int Run(string[] args)
    {
        if (args.Contains("--providers"))
        {
            return ListProviders();
        }

        var build = FirewallApplication.Build(args);
        if (!build.Succeeded)
        {
            return ProblemPrinter.Print(build.Problems);
        }

        // Warnings do not fail validation: they go to stderr, so the route lines stay a clean list on stdout.
        foreach (var warning in build.Warnings)
        {
            Console.Error.WriteLine($"warning: {warning}");
        }

        var services = build.App!.Services;
        var bindings = services.GetRequiredService<RouteBindings>();
        foreach (var route in services.GetRequiredService<IProxyConfigProvider>().GetConfig().Routes)
        {
            Console.WriteLine(Describe(route, bindings.Find(route)!));
        }

        return ExitCodes.Ok;
    }

    internal static string Describe(RouteConfig route, RouteBinding binding)
    {
        var match = route.Match.Path ?? "(any path)";
        if (binding.IsAnonymous)
        {
            return $"route {route.RouteId}: {match} -> cluster {route.ClusterId}, Anonymous (not verified)";
        }

        var policy = binding.Policy!;
        var verifier = policy.Verifier;
        var window = verifier.SignsTimestamp
            ? $"replay window {policy.ReplayWindow.ToString("c", CultureInfo.InvariantCulture)} both ways"
            : "replay window not used (the provider signs no timestamp)";
        var key = (policy.Idempotency.Key ?? verifier.DefaultKeyKind) == IdempotencyKeyKind.DeliveryId
            ? $"keyed by delivery id ({verifier.DeliveryIdDescription}; by content when absent)"
            : "keyed by content";
        var idempotency = policy.Idempotency.Enabled
            ? $"{key}, remembered {policy.Idempotency.Ttl.ToString("c", CultureInfo.InvariantCulture)}"
            : "idempotency off";
        var mark = policy.ForwardSignature is null ? string.Empty : ", forward signature on";
        var spools = policy.Delivery.Spools ? ", spools on upstream failure" : string.Empty;
        return $"route {route.RouteId}: {match} -> cluster {route.ClusterId}, policy {policy.Name} (provider {policy.Provider}, {policy.Mode}, max body {policy.MaxBodyBytes} bytes, {window}, {idempotency}{mark}{spools}): {verifier.Info.Summary}";
    }

    private static int ListProviders()
    {
        foreach (var provider in ProviderCatalogue.All.OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            var accepted = provider.Accepts & ~provider.Requires;
            var settings = provider.Requires == ProviderSetting.None ? "requires nothing" : $"requires {provider.Requires}";
            if (accepted != ProviderSetting.None)
            {
                settings += $"; accepts {accepted}";
            }

            Console.WriteLine($"{provider.Name}: {provider.Summary} [{settings}; delivery id: {provider.DeliveryId}]");
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{ProviderCatalogue.All.Count} providers"));
        return ExitCodes.Ok;
    }
}
