using WebhookFirewall.Model;
using WebhookFirewall.Verification;

namespace WebhookFirewall.Pipeline;

/// <summary>
/// What the webhook step decided, left on the request's <see cref="WebhookContext"/> for the header transform: the
/// upstream learns it from `X-Webhook-Verification`. One shared instance per value, so marking a request allocates
/// nothing.
/// </summary>
internal sealed class VerificationMark
{
    public static readonly VerificationMark Verified = new("verified", isVerified: true);

    private static readonly VerificationMark[] Failures = BuildFailures();

    private VerificationMark(string headerValue, bool isVerified)
    {
        HeaderValue = headerValue;
        IsVerified = isVerified;
    }

    public string HeaderValue { get; }

    /// <summary>False for a Report-mode failure forwarded all the same.</summary>
    public bool IsVerified { get; }

    public static VerificationMark Failed(FailureCode code) => Failures[(int)code];

    private static VerificationMark[] BuildFailures()
    {
        var marks = new VerificationMark[Problem.Failures.Max(f => (int)f.Failure) + 1];
        foreach (var (failure, problem) in Problem.Failures)
        {
            marks[(int)failure] = new VerificationMark($"failed; code={problem.Code}", isVerified: false);
        }

        return marks;
    }
}
