using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace WebhookFirewall.Pipeline;

/// <summary>
/// Header work only, on every route (Anonymous ones too): inbound `X-Webhook-*` headers are the firewall's to set,
/// so a sender's own are dropped; the step's verdict is added. An upstream cannot fake a duplicate answer either.
/// </summary>
internal static class VerificationHeaderTransforms
{
    public static void Add(TransformBuilderContext context)
    {
        context.AddRequestTransform(static transform =>
        {
            var headers = transform.ProxyRequest.Headers;
            headers.Remove(VerificationMark.HeaderName);
            headers.Remove(VerificationMark.DuplicateHeaderName);
            var webhook = transform.HttpContext.Features.Get<WebhookContext>();
            if (webhook?.Mark is { } mark)
            {
                headers.TryAddWithoutValidation(VerificationMark.HeaderName, mark.HeaderValue);
            }

            webhook?.UpstreamSending();

            return ValueTask.CompletedTask;
        });
        context.AddResponseTransform(static transform =>
        {
            transform.HttpContext.Response.Headers.Remove(VerificationMark.DuplicateHeaderName);
            if (transform.ProxyResponse is { } answer && transform.HttpContext.Features.Get<WebhookContext>() is { } webhook)
            {
                webhook.UpstreamAnswered((int)answer.StatusCode);
            }

            return ValueTask.CompletedTask;
        });
    }
}
