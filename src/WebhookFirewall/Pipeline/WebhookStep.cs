using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;
using WebhookFirewall.Configuration;
using WebhookFirewall.Management;
using WebhookFirewall.Verification;
using Yarp.ReverseProxy.Model;

namespace WebhookFirewall.Pipeline;

/// <summary>
/// The proxy-pipeline step that stands between the route match and the forwarder: size gate, buffer, verify,
/// answer handshakes, and only then let YARP forward the very bytes that were verified.
/// </summary>
internal sealed partial class WebhookStep(RouteBindings bindings, OnceOnlyForwarding forwarding, FirewallMetrics metrics, TimeProvider clock, ILogger<WebhookStep> logger)
{
    public async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        var route = context.GetReverseProxyFeature().Route.Config;
        var binding = bindings.Find(route);
        if (binding is null || (binding.Policy is null && !binding.IsAnonymous))
        {
            // Validation makes this unreachable; if it ever is reached, fail closed.
            Log.RouteNotBound(logger, route.RouteId);
            await ProblemResponses.WriteAsync(context, "route_not_configured");
            return;
        }

        var routeMetrics = metrics.For(binding);
        var outcome = binding.IsAnonymous
            ? await OnceOnlyForwarding.ForwardUnclaimedAsync(context, next)
            : await VerifyAndForwardAsync(context, binding, binding.Policy!, routeMetrics, next);
        routeMetrics.Count(outcome);
    }

    private async Task<RequestOutcome> VerifyAndForwardAsync(HttpContext context, RouteBinding binding, WebhookPolicy policy, FirewallMetrics.RouteMetrics routeMetrics, Func<Task> next)
    {
        var request = context.Request;
        if (request.ContentLength > policy.MaxBodyBytes)
        {
            return await RejectTooLargeAsync(context, binding, policy);
        }

        // The policy's limit is enforced while buffering, byte for byte. Kestrel's own limit (30 MB by default) is
        // lifted for this request: a policy may allow more, and with Kestrel's limit set to the policy's, a chunked
        // body of exactly that size was refused (BodyLimitTests) — with a bare 413 and no problem document.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeLimit)
        {
            sizeLimit.MaxRequestBodySize = null;
        }

        using (var body = await BufferedBody.ReadAsync(request.Body, request.ContentLength, policy.MaxBodyBytes, context.RequestAborted))
        {
            if (body.TooLarge)
            {
                return await RejectTooLargeAsync(context, binding, policy);
            }

            var webhook = new WebhookRequest(request.Method, new RequestHeaders(request.Headers), body.Memory, clock.GetUtcNow(), request.QueryString.Value ?? string.Empty);
            var started = clock.GetTimestamp();
            var result = policy.Verifier.Verify(webhook);
            routeMetrics.VerificationTook(clock.GetElapsedTime(started));
            switch (result.Outcome)
            {
                case VerificationOutcome.Challenge:
                    await HandshakeWriter.WriteAsync(context, result.Handshake!);
                    return RequestOutcome.Challenge;
                case VerificationOutcome.Failed:
                    routeMetrics.VerificationFailed(result.Failure);
                    LogRejection(context, binding, policy, result.Failure.ToWireCode(), webhook);
                    // Anything but an explicit Report is enforced: fail closed.
                    if (policy.Mode != PolicyMode.Report)
                    {
                        await ProblemResponses.WriteAsync(context, result.Failure);
                        return RequestOutcome.Rejected;
                    }

                    // Report mode: forwarded, but never claimed — an unverified request cannot own a delivery id.
                    context.Features.Set(VerificationMark.Failed(result.Failure));
                    ForwardBufferedBody(request, body);
                    await next();
                    return RequestOutcome.ReportOnly;
            }

            routeMetrics.SecretMatched(result.SecretIndex);
            context.Features.Set(VerificationMark.Verified);
            ForwardBufferedBody(request, body);
            return await forwarding.ForwardAsync(context, binding, policy, result.DeliveryId, next);
        }
    }

    /// <summary>Hands YARP the buffered bytes with an exact length: nothing is streamed that was not verified.</summary>
    private static void ForwardBufferedBody(HttpRequest request, BufferedBody body)
    {
        var hadBody = request.ContentLength is not null || request.Headers.ContainsKey(HeaderNames.TransferEncoding);
        request.Headers.Remove(HeaderNames.TransferEncoding);
        request.Body = body.AsStream();
        if (hadBody || body.Length > 0)
        {
            request.ContentLength = body.Length;
        }
    }

    private async Task<RequestOutcome> RejectTooLargeAsync(HttpContext context, RouteBinding binding, WebhookPolicy policy)
    {
        Log.Rejected(logger, binding.RouteId, policy.Name, "payload_too_large", null, ClientOf(context, binding));
        await ProblemResponses.WriteAsync(context, "payload_too_large");
        return RequestOutcome.TooLarge;
    }

    private void LogRejection(HttpContext context, RouteBinding binding, WebhookPolicy policy, string code, in WebhookRequest webhook)
    {
        if (!logger.IsEnabled(LogLevel.Warning))
        {
            return;
        }

        // The id is unverified sender data: bounded, and only ever an id, never the body. Only header ids: parsing
        // an unauthenticated body just to log it would hand a flood free CPU.
        var deliveryId = policy.Verifier.ClaimedDeliveryId(webhook);
        Log.Rejected(logger, binding.RouteId, policy.Name, code, deliveryId, ClientOf(context, binding));
    }

    private static string? ClientOf(HttpContext context, RouteBinding binding) =>
        Limits.ClientAddress.Describe(context, binding.Policies.Admission.TrustedProxies);
}
