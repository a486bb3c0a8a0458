using Microsoft.Extensions.DependencyInjection.Extensions;
using WebhookFirewall.Configuration;
using WebhookFirewall.Configuration.ClusterValidators;
using WebhookFirewall.Configuration.RouteValidators;
using WebhookFirewall.Idempotency;
using WebhookFirewall.Ledger;
using WebhookFirewall.Management;
using WebhookFirewall.Pipeline;
using WebhookFirewall.Spool;
using WebhookFirewall.Verification;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Configuration.ClusterValidators;
using Yarp.ReverseProxy.Configuration.RouteValidators;

namespace WebhookFirewall.Hosting;

internal static class WebhookFirewallServiceCollectionExtensions
{
    /// <summary>
    /// YARP loading `ReverseProxy` from <paramref name="configuration"/>, behind the firewall's validating config
    /// provider, with the firewall's validators, header transforms, store and metrics. The stages themselves are made
    /// by <see cref="WebhookFirewallEndpointExtensions.MapWebhookFirewall"/>.
    /// </summary>
    public static IServiceCollection AddWebhookFirewall(this IServiceCollection services, IConfiguration configuration, StartupSettings startup)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(startup);
        services.AddSingleton<RouteBindings>();
        services.AddSingleton<ConfigReloadStatus>();
        services.AddSingleton<FirewallMetrics>();
        services.AddSingleton<RestartOnlySettingsWatcher>();
        services.AddSingleton<RouteLimiters>();
        services.AddSingleton<ExchangeLifetime>();
        // One cache of fetched key material (certificates, JWKS) for the process: it survives config reloads.
        // A caller may register its own first (diagnose registers the offline one).
        services.TryAddSingleton(_ => new ProviderEnvironment());
        services.AddSingleton(new BufferBudget(startup.MaxBufferedBytes));
        services.AddIdempotency(startup.Idempotency);
        services.AddLedger(startup.Ledger);
        services.AddSpool(startup.Spool);

        services.AddSingleton<IRouteValidator, WebhookPolicyRouteValidator>();
        services.AddSingleton<IRouteValidator, RateLimiterPolicyRouteValidator>();
        services.AddSingleton<IRouteValidator, MaxConcurrentRequestsRouteValidator>();
        services.AddSingleton<IRouteValidator, ClusterReferenceRouteValidator>();
        services.AddSingleton<IClusterValidator, IdempotencyLeaseClusterValidator>();
        services.AddSingleton<IClusterValidator, SpoolLeaseClusterValidator>();

        services.AddSingleton<Yarp.ReverseProxy.Forwarder.IForwarderHttpClientFactory, FirewallForwarderHttpClientFactory>();
        services.AddReverseProxy()
            .LoadFromConfig(configuration.GetSection("ReverseProxy"))
            .AddTransforms(FirewallTransforms.Add);

        // YARP's config-file provider goes behind the validating one, which YARP then sees as its only provider.
        services.Decorate<IProxyConfigProvider, ValidatedProxyConfigProvider>();
        return services;
    }
}
