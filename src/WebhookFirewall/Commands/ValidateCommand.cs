using WebhookFirewall.Configuration;
using WebhookFirewall.Hosting;
using WebhookFirewall.Model;
using Yarp.ReverseProxy.Configuration;

namespace WebhookFirewall.Commands;

/// <summary>`validate --config FILE`: exactly the start-up validation, over the same sources, without listening.</summary>
internal static class ValidateCommand
{
    public static int Run(string[] args)
    {
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
        var deliveryId = policy.Verifier.DeliveryIdDescription;
        var spools = policy.Delivery.Spools ? ", spools on upstream failure" : string.Empty;
        return $"route {route.RouteId}: {match} -> cluster {route.ClusterId}, policy {policy.Name} (provider {policy.Provider}, {policy.Mode}, max body {policy.MaxBodyBytes} bytes, delivery id: {deliveryId}{spools})";
    }
}
