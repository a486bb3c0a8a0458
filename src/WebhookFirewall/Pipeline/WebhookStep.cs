using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;
using WebhookFirewall.Model;
using WebhookFirewall.Verification;

namespace WebhookFirewall.Pipeline;

/// <summary>
/// The stage that stands between admission and forwarding: size gate, buffer, verify, answer handshakes, and only
/// then let YARP forward the very bytes that were verified. Anonymous routes pass through untouched.
/// </summary>
internal sealed partial class WebhookStep(BufferBudget budget, TimeProvider clock, ILogger<WebhookStep> logger) : IProxyStep
{
    /// <summary>Buffering room frees up as soon as other requests are forwarded.</summary>
    public const int ServerBusyRetryAfterSeconds = 1;

    /// <summary>A provider key the firewall could not fetch is usually back within seconds; the provider retries.</summary>
    public const int KeyUnavailableRetryAfterSeconds = 30;

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var webhook = WebhookContext.Of(context);
        if (webhook.Policy is not { } policy)
        {
            await next(context);
            return;
        }

        var request = context.Request;
        // The policy's limit is enforced while buffering, byte for byte. Kestrel's own limit (30 MB by default) is
        // lifted for this request: a policy may allow more, and with Kestrel's limit set to the policy's, a chunked
        // body of exactly that size was refused (BodyLimitTests) — with a bare 413 and no problem document.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeLimit)
        {
            sizeLimit.MaxRequestBodySize = null;
        }

        using var body = await ReadBodyAsync(context, webhook, policy);
        if (body is null)
        {
            return;
        }

        switch (body.Status)
        {
            case BufferedBodyStatus.TooLarge:
                await RejectTooLargeAsync(webhook, policy);
                return;
            case BufferedBodyStatus.OverBudget:
                Log.ServerBusy(logger, webhook.Binding.RouteId, policy.Name, Problem.ServerBusy.Code, webhook.ClientForLog);
                await webhook.AnswerAsync(Problem.ServerBusy, RequestOutcome.ServerBusy, ServerBusyRetryAfterSeconds);
                return;
        }

        webhook.RecordBody(body.Memory);
        var delivery = new WebhookRequest(
            request.Method,
            new RequestHeaders(request.Headers),
            body.Memory,
            clock.GetUtcNow(),
            request.QueryString.Value ?? string.Empty,
            RawRequestPath.Of(context));
        var started = clock.GetTimestamp();
        var result = await policy.Verifier.VerifyAsync(delivery, context.RequestAborted);
        webhook.Metrics.VerificationTook(clock.GetElapsedTime(started));
        webhook.RecordVerification(result);
        switch (result.Outcome)
        {
            case VerificationOutcome.Challenge:
                await HandshakeWriter.WriteAsync(context, result.Handshake!);
                webhook.Outcome = RequestOutcome.Challenge;
                return;
            case VerificationOutcome.Failed when result.Failure == FailureCode.KeyUnavailable:
                // Not the sender's fault, and never forwarded unverified, whatever the mode: the provider retries.
                webhook.Metrics.VerificationFailed(result.Failure);
                LogRejection(webhook, policy, Problem.KeyUnavailable, delivery);
                await webhook.AnswerAsync(Problem.KeyUnavailable, RequestOutcome.KeyUnavailable, KeyUnavailableRetryAfterSeconds);
                return;
            case VerificationOutcome.Failed:
                webhook.Metrics.VerificationFailed(result.Failure);
                var problem = Problem.For(result.Failure);
                LogRejection(webhook, policy, problem, delivery);
                // Anything but an explicit Report is enforced: fail closed.
                if (policy.Mode != PolicyMode.Report)
                {
                    await webhook.AnswerAsync(problem, RequestOutcome.Rejected);
                    return;
                }

                webhook.Mark = VerificationMark.Failed(result.Failure);
                break;
            default:
                webhook.Metrics.SecretMatched(result.SecretIndex);
                webhook.Mark = VerificationMark.Verified;
                webhook.Key = DeliveryKeys.For(policy, result, webhook.BodySha256, request.Headers);
                webhook.Recorder?.BodyVerified(context, webhook, body.Memory.Span);
                break;
        }

        ForwardBufferedBody(request, body);
        try
        {
            await next(context);
        }
        finally
        {
            // The buffer goes back to the pool only after the forwarder has sent it.
            webhook.ReleaseBody();
        }
    }

    /// <summary>
    /// The whole body within the policy's BodyTimeout (the minimum data rate is an average: a body sent mostly at once
    /// and then stalled would hold its buffer for as long as the rate allows). A body that cannot be read — bad chunk
    /// framing, too slow, cut off — is answered here, once, and counted: null then.
    /// </summary>
    private async Task<BufferedBody?> ReadBodyAsync(HttpContext context, WebhookContext webhook, WebhookPolicy policy)
    {
        var request = context.Request;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        deadline.CancelAfter(policy.BodyTimeout);
        Problem problem;
        try
        {
            return await BufferedBody.ReadAsync(request.Body, request.ContentLength, policy.MaxBodyBytes, deadline.Token, budget);
        }
        catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested)
        {
            problem = Problem.BodyTimeout;
        }
        catch (BadHttpRequestException e)
        {
            // Kestrel's minimum data rate ends a trickled body with 408; anything else it refuses is unreadable framing.
            problem = e.StatusCode == StatusCodes.Status408RequestTimeout ? Problem.BodyTimeout : Problem.MalformedBody;
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            // The sender went away mid-body: there is nobody to answer.
            problem = Problem.MalformedBody;
        }

        Log.BodyUnreadable(logger, webhook.Binding.RouteId, policy.Name, problem.Code, webhook.ClientForLog);
        if (context.RequestAborted.IsCancellationRequested || context.Response.HasStarted)
        {
            webhook.Outcome = RequestOutcome.BadRequest;
            return null;
        }

        await webhook.AnswerAsync(problem, RequestOutcome.BadRequest);
        return null;
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

    private Task RejectTooLargeAsync(WebhookContext webhook, WebhookPolicy policy)
    {
        Log.Rejected(logger, webhook.Binding.RouteId, policy.Name, Problem.PayloadTooLarge.Code, null, webhook.ClientForLog);
        return webhook.AnswerAsync(Problem.PayloadTooLarge, RequestOutcome.TooLarge);
    }

    private void LogRejection(WebhookContext webhook, WebhookPolicy policy, Problem problem, in WebhookRequest delivery)
    {
        if (!logger.IsEnabled(LogLevel.Warning))
        {
            return;
        }

        // The id is unverified sender data: bounded, and only ever an id, never the body. Only header ids: parsing
        // an unauthenticated body just to log it would hand a flood free CPU.
        var deliveryId = policy.Verifier.ClaimedDeliveryId(delivery);
        Log.Rejected(logger, webhook.Binding.RouteId, policy.Name, problem.Code, deliveryId, webhook.ClientForLog);
    }
}
