using WebhookFirewall.Pipeline;

namespace WebhookFirewall.Hosting;

internal static class WebhookFirewallEndpointExtensions
{
    /// <summary>
    /// YARP's routes with the firewall's stages in its proxy pipeline, in the order of the request flow: the
    /// request's context first (it records how the request ended), then admission, the request's shape, verification,
    /// and forwarding.
    /// </summary>
    public static ReverseProxyConventionBuilder MapWebhookFirewall(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapReverseProxy(pipeline =>
        {
            pipeline.UseStep<RequestContextStep>();
            pipeline.UseStep<AdmissionStep>();
            pipeline.UseStep<RequestShapeStep>();
            pipeline.UseStep<WebhookStep>();
            pipeline.UseStep<OnceOnlyForwarding>();
            // The pipeline overload leaves these out; the firewall's stages must not cost the user any of them.
            pipeline.UseSessionAffinity();
            pipeline.UseLoadBalancing();
            pipeline.UsePassiveHealthChecks();
        });
}
