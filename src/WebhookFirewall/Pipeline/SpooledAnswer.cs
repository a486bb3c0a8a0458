namespace WebhookFirewall.Pipeline;

/// <summary>The contract's answer to a spooled delivery: `202 Accepted`, empty body, `X-Webhook-Spooled: true`.</summary>
internal static class SpooledAnswer
{
    /// <summary>Replaces whatever the upstream (or YARP) put in the response so far; the response has not started.</summary>
    public static void Write(HttpResponse response)
    {
        response.Clear();
        response.StatusCode = StatusCodes.Status202Accepted;
        response.ContentLength = 0;
        response.Headers.CacheControl = "no-store";
        response.Headers[FirewallHeaders.Spooled] = "true";
    }
}
