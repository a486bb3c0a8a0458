using System.Collections.Frozen;
using System.Text.Json;
using WebhookFirewall.Verification;

namespace WebhookFirewall.Pipeline;

/// <summary>
/// RFC 9457 problem documents with the contract's stable `code`. Built once per code: they never carry request
/// data, so they can never echo a secret, a signature or a payload.
/// </summary>
internal static class ProblemResponses
{
    public const string ContentType = "application/problem+json";

    private static readonly FrozenDictionary<string, Problem> Problems = new Problem[]
    {
        new(401, "missing_signature", "Missing signature", "The request does not carry the signature its provider sends."),
        new(401, "malformed_signature", "Malformed signature", "The signature (or a header it depends on) is not in the provider's format, or is repeated."),
        new(401, "invalid_signature", "Invalid signature", "No configured secret produces this signature over the request as received."),
        new(401, "timestamp_out_of_window", "Timestamp out of window", "The signed timestamp is outside the policy's replay window."),
        new(403, "invalid_verify_token", "Invalid verify token", "The subscription handshake did not present the configured verify token."),
        new(403, "source_not_allowed", "Source not allowed", "The client address is outside the policy's allowed sources."),
        new(409, "delivery_in_progress", "Delivery in progress", "This delivery is being forwarded right now; retry later."),
        new(413, "payload_too_large", "Payload too large", "The body is larger than the policy's MaxBodyBytes."),
        new(429, "rate_limited", "Rate limited", "The route's rate limit is exceeded; retry later."),
        new(500, "route_not_configured", "Route not configured", "The route has no webhook policy bound; nothing was forwarded."),
        new(503, "store_unavailable", "Idempotency store unavailable", "The delivery could not be claimed; nothing was forwarded. Retry later."),
    }.ToFrozenDictionary(p => p.Code, StringComparer.Ordinal);

    public static Task WriteAsync(HttpContext context, FailureCode failure) => WriteAsync(context, failure.ToWireCode());

    public static Task WriteAsync(HttpContext context, string code, int? retryAfterSeconds = null)
    {
        var problem = Problems[code];
        var response = context.Response;
        response.StatusCode = problem.Status;
        response.ContentType = ContentType;
        response.ContentLength = problem.Body.Length;
        response.Headers.CacheControl = "no-store";
        if (retryAfterSeconds is { } seconds)
        {
            response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return response.Body.WriteAsync(problem.Body, context.RequestAborted).AsTask();
    }

    private sealed class Problem
    {
        public Problem(int status, string code, string title, string detail)
        {
            Status = status;
            Code = code;
            Body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
            {
                ["type"] = "about:blank",
                ["title"] = title,
                ["status"] = status,
                ["detail"] = detail,
                ["code"] = code,
            });
        }

        public int Status { get; }

        public string Code { get; }

        public byte[] Body { get; }
    }
}
