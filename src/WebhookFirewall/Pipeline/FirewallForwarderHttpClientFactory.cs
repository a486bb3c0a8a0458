using System.Text;
using Yarp.ReverseProxy.Forwarder;

namespace WebhookFirewall.Pipeline;

/// <summary>
/// YARP's forwarder client with one default changed: request header values go out as UTF-8, as they were received
/// (Kestrel decodes them as UTF-8), instead of ASCII — with ASCII, a verified delivery carrying a non-ASCII header
/// value (`X-GitHub-Event: pull_request_ré`) could never be sent and was answered 502 on every retry. A cluster's own
/// `HttpClient:RequestHeaderEncoding` still wins. And no trace-context propagator: the firewall starts no Activity
/// (hosting diagnostics are off) and has no tracing listener, so YARP's propagator never had anything to inject; without
/// one, SocketsHttpHandler leaves its DiagnosticsHandler out of every request (load-tests/results/2026-12-01T1446-settings.md,
/// variant nopropagation). Incoming `traceparent` headers are forwarded as received either way.
/// </summary>
internal sealed class FirewallForwarderHttpClientFactory : ForwarderHttpClientFactory
{
    protected override void ConfigureHandler(ForwarderHttpClientContext context, SocketsHttpHandler handler)
    {
        base.ConfigureHandler(context, handler);
        handler.ActivityHeadersPropagator = null;
        if (context.NewConfig.RequestHeaderEncoding is null)
        {
            handler.RequestHeaderEncodingSelector = static (_, _) => Encoding.UTF8;
        }
    }
}
