using System.Text;
using Yarp.ReverseProxy.Forwarder;

namespace WebhookFirewall.Pipeline;

/// <summary>
/// YARP's forwarder client with one default changed: request header values go out as UTF-8, as they were received
/// (Kestrel decodes them as UTF-8), instead of ASCII — with ASCII, a verified delivery carrying a non-ASCII header
/// value (`X-GitHub-Event: pull_request_ré`) could never be sent and was answered 502 on every retry. A cluster's own
/// `HttpClient:RequestHeaderEncoding` still wins.
/// </summary>
internal sealed class FirewallForwarderHttpClientFactory : ForwarderHttpClientFactory
{
    protected override void ConfigureHandler(ForwarderHttpClientContext context, SocketsHttpHandler handler)
    {
        base.ConfigureHandler(context, handler);
        if (context.NewConfig.RequestHeaderEncoding is null)
        {
            handler.RequestHeaderEncodingSelector = static (_, _) => Encoding.UTF8;
        }
    }
}
