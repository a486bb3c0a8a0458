using Yarp.ReverseProxy.Model;

namespace WebhookFirewall.Pipeline;

internal static class ProxyPipelineExtensions
{
    /// <summary>
    /// Adds a stage, made once from the application's services (no registration needed). The stage is called with
    /// the next one as a <see cref="RequestDelegate"/>: the <c>Func&lt;Task&gt;</c> overload of <c>Use</c> would
    /// allocate a closure per request and stage.
    /// </summary>
    public static IReverseProxyApplicationBuilder UseStep<TStep>(this IReverseProxyApplicationBuilder pipeline)
        where TStep : IProxyStep
    {
        var step = ActivatorUtilities.GetServiceOrCreateInstance<TStep>(pipeline.ApplicationServices);
        pipeline.Use(step.InvokeAsync);
        return pipeline;
    }
}
