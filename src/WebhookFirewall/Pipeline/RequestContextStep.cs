using WebhookFirewall.Configuration;
using WebhookFirewall.Management;
using WebhookFirewall.Model;
using Yarp.ReverseProxy.Model;

namespace WebhookFirewall.Pipeline;

/// <summary>
/// The outermost stage: finds the route's binding (once per request), sets the request's <see cref="WebhookContext"/>
/// and, when the request is over, records how it ended. The only place that knows how every request ended and why:
/// whatever else is written per request (the delivery ledger) is written from <see cref="Record"/>.
/// </summary>
internal sealed partial class RequestContextStep(RouteBindings bindings, FirewallMetrics metrics, IDeliveryRecorder recorder, TimeProvider clock, ILogger<RequestContextStep> logger) : IProxyStep
{
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var route = context.GetReverseProxyFeature().Route.Config;
        var binding = bindings.Find(route);
        if (binding is null || (binding.Policy is null && !binding.IsAnonymous))
        {
            // Validation makes this unreachable; if it ever is reached, fail closed.
            Log.RouteNotBound(logger, route.RouteId);
            await ProblemWriter.WriteAsync(context, Problem.RouteNotConfigured);
            return;
        }

        var webhook = new WebhookContext(context, binding, metrics.For(binding), clock.GetTimestamp(), recorder.Records(binding) ? recorder : null);
        context.Features.Set(webhook);
        try
        {
            await next(context);
        }
        finally
        {
            Record(context, webhook);
        }
    }

    /// <summary>A request that ended by an exception has no outcome: nothing was decided about it.</summary>
    private static void Record(HttpContext context, WebhookContext webhook)
    {
        if (webhook.Outcome is { } outcome)
        {
            webhook.Metrics.Count(outcome);
            webhook.Recorder?.Record(context, webhook);
        }
    }
}
