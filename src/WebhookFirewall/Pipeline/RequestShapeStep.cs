using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;
using WebhookFirewall.Model;

namespace WebhookFirewall.Pipeline;

/// <summary>
/// What a request must look like before a byte of its body is read, on every route: a declared body within the
/// policy's MaxBodyBytes (413); no body on a method that has none (400 unexpected_body — a GET whose body is a whole
/// second request would reach a backend that never reads GET bodies); no protocol upgrade on a verified route (400
/// upgrade_not_allowed — a relayed 101 is a raw tunnel past verification); no control character in any header value
/// (400 malformed_header), before anything is claimed.
/// </summary>
internal sealed partial class RequestShapeStep(ILogger<RequestShapeStep> logger) : IProxyStep
{
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var webhook = WebhookContext.Of(context);
        var request = context.Request;
        if (webhook.Policy is { } policy && request.ContentLength > policy.MaxBodyBytes)
        {
            Log.Rejected(logger, webhook.Binding.RouteId, policy.Name, Problem.PayloadTooLarge.Code, webhook.ClientForLog);
            await webhook.AnswerAsync(Problem.PayloadTooLarge, RequestOutcome.TooLarge);
            return;
        }

        if (Refusal(context, webhook) is { } problem)
        {
            Log.Rejected(logger, webhook.Binding.RouteId, webhook.Binding.PolicyName ?? PolicySet.Anonymous, problem.Code, webhook.ClientForLog);
            await webhook.AnswerAsync(problem, RequestOutcome.BadRequest);
            return;
        }

        await next(context);
    }

    /// <summary>The refusal a request would get for its shape; also what `diagnose` checks.</summary>
    internal static Problem? Refusal(HttpContext context, WebhookContext webhook)
    {
        var request = context.Request;
        if (IsBodiless(request.Method) && (request.ContentLength > 0 || request.Headers.ContainsKey(HeaderNames.TransferEncoding)))
        {
            return Problem.UnexpectedBody;
        }

        if (!webhook.Binding.IsAnonymous && IsUpgrade(context))
        {
            return Problem.UpgradeNotAllowed;
        }

        return HasControlCharacter(request.Headers) ? Problem.MalformedHeader : null;
    }

    private static bool IsBodiless(string method) =>
        HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method);

    private static bool IsUpgrade(HttpContext context) =>
        context.Features.Get<IHttpUpgradeFeature>() is { IsUpgradableRequest: true }
        || context.Features.Get<IHttpExtendedConnectFeature>() is { IsExtendedConnect: true }
        || context.Request.Headers.ContainsKey(HeaderNames.Upgrade);

    /// <summary>Any control character but tab, in any header value (Kestrel lets a few through, and they forward).</summary>
    private static bool HasControlCharacter(IHeaderDictionary headers)
    {
        foreach (var (_, values) in headers)
        {
            foreach (var value in values)
            {
                foreach (var c in value.AsSpan())
                {
                    if (char.IsControl(c) && c != '\t')
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }
}
