using System.Globalization;
using WebhookFirewall.Model;

namespace WebhookFirewall.Pipeline;

/// <summary>Writes a <see cref="Problem"/> as the contract's `application/problem+json` answer.</summary>
internal static class ProblemWriter
{
    public const string ContentType = "application/problem+json";

    public static Task WriteAsync(HttpContext context, Problem problem, int? retryAfterSeconds = null)
    {
        var response = context.Response;
        response.StatusCode = problem.Status;
        response.ContentType = ContentType;
        response.ContentLength = problem.Body.Length;
        response.Headers.CacheControl = "no-store";
        if (retryAfterSeconds is { } seconds)
        {
            response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        return response.Body.WriteAsync(problem.Body, context.RequestAborted).AsTask();
    }
}
