using Microsoft.Net.Http.Headers;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace WebhookFirewall.Pipeline;

/// <summary>
/// Header work only, on every route (Anonymous ones too), in YARP's transforms: they run once the destination is
/// chosen, with the request about to be sent and, on the way back, the upstream's status line just arrived.
/// </summary>
internal static class FirewallTransforms
{
    public static void Add(TransformBuilderContext context)
    {
        var clock = context.Services.GetRequiredService<TimeProvider>();
        context.AddRequestTransform(transform =>
        {
            var webhook = transform.HttpContext.Features.Get<WebhookContext>();
            RemoveSpoofedHeaders(transform, webhook);
            webhook?.UpstreamSending();
            if (webhook?.Mark is not { } mark)
            {
                return ValueTask.CompletedTask;
            }

            var headers = transform.ProxyRequest.Headers;
            headers.TryAddWithoutValidation(FirewallHeaders.Verification, mark.HeaderValue);
            if (webhook.Settlement?.Spool is not null)
            {
                // Kept (not copied) for a failed forward: by the time it fails, the request is complete as sent.
                webhook.ProxyRequest = transform.ProxyRequest;
                webhook.DestinationPrefix = transform.DestinationPrefix;
            }

            if (mark.IsVerified && webhook.Policy?.ForwardSignature is { } signer && webhook.Key is { } key)
            {
                var signature = new List<KeyValuePair<string, string>>(3);
                signer.AddTo(signature, key.ForwardId(webhook.Binding.RouteId), clock.GetUtcNow(), webhook.Body.Span);
                foreach (var (name, value) in signature)
                {
                    headers.TryAddWithoutValidation(name, value);
                }
            }

            // A credential carried in the URL (Event Grid's QueryParameter) was for the firewall, not the backend.
            if (webhook.Policy?.Verifier.CredentialQueryParameter is { } parameter)
            {
                transform.Query.Collection.Remove(parameter);
            }

            return ValueTask.CompletedTask;
        });
        context.AddResponseTransform(transform =>
        {
            var response = transform.HttpContext.Response.Headers;
            // The firewall's own answers are the firewall's: an upstream cannot fake a duplicate or a spooled answer.
            response.Remove(FirewallHeaders.Duplicate);
            response.Remove(FirewallHeaders.Spooled);
            response.Remove(HeaderNames.Server);
            if (transform.ProxyResponse is { } answer && transform.HttpContext.Features.Get<WebhookContext>() is { } webhook)
            {
                var status = (int)answer.StatusCode;
                webhook.UpstreamAnswered(status);
                if (webhook.Settlement is { Spool: { } spool } settlement && webhook.Policy!.Delivery.Retries(status))
                {
                    return SpoolAnswerAsync(transform, webhook, settlement, spool, status);
                }

                webhook.Settlement?.Begin(status);
            }

            return ValueTask.CompletedTask;
        });
    }

    /// <summary>
    /// The upstream answered a status the policy retries (5xx, 429, 408): the delivery is stored, the provider gets
    /// 202 instead of the upstream's answer, and the upstream's body is never copied. If it cannot be stored, the
    /// upstream's answer goes back as without a spool and the claim is released.
    /// </summary>
    private static async ValueTask SpoolAnswerAsync(ResponseTransformContext transform, WebhookContext webhook, ClaimSettlement settlement, IDeliverySpool spool, int status)
    {
        if (await spool.TrySpoolAsync(transform.HttpContext, webhook, settlement.ClaimKey, status, Yarp.ReverseProxy.Forwarder.ForwarderError.None))
        {
            SpooledAnswer.Write(transform.HttpContext.Response);
            transform.SuppressResponseBody = true;
            settlement.Spooled();
            return;
        }

        settlement.Begin(status);
    }

    /// <summary>
    /// Removes what a sender may not set: the firewall's own headers and their `_` twins, client-address headers from
    /// a peer that is not a trusted proxy, and `Expect` (the body is already buffered).
    /// </summary>
    private static void RemoveSpoofedHeaders(RequestTransformContext transform, WebhookContext? webhook)
    {
        var headers = transform.ProxyRequest.Headers;
        List<string>? spoofed = null;
        // NonValidated: the names only, without parsing every value YARP copied in (the validating enumerator parses
        // each and allocates its values, on every request).
        foreach (var (name, _) in headers.NonValidated)
        {
            if (FirewallHeaders.IsFirewallHeader(name))
            {
                (spoofed ??= []).Add(name);
            }
        }

        if (spoofed is not null)
        {
            foreach (var name in spoofed)
            {
                headers.Remove(name);
            }
        }

        headers.ExpectContinue = null;
        headers.Remove(HeaderNames.Expect);
        if (webhook is null || !webhook.PeerIsTrustedProxy)
        {
            foreach (var name in FirewallHeaders.ClientAddress)
            {
                headers.Remove(name);
            }
        }
    }
}
