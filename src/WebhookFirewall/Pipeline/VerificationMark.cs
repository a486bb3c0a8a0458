using System.Collections.Frozen;
using WebhookFirewall.Verification;

namespace WebhookFirewall.Pipeline;

/// <summary>
/// What the webhook step decided, left on the request for the header transform: the upstream learns it from
/// `X-Webhook-Verification`. One shared instance per value, so marking a request allocates nothing.
/// </summary>
internal sealed class VerificationMark
{
    public const string HeaderName = "X-Webhook-Verification";
    public const string DuplicateHeaderName = "X-Webhook-Duplicate";

    public static readonly VerificationMark Verified = new("verified");

    private static readonly FrozenDictionary<FailureCode, VerificationMark> Failures = Enum.GetValues<FailureCode>()
        .Where(c => c != FailureCode.None)
        .ToFrozenDictionary(c => c, c => new VerificationMark($"failed; code={c.ToWireCode()}"));

    private VerificationMark(string headerValue) => HeaderValue = headerValue;

    public string HeaderValue { get; }

    public static VerificationMark Failed(FailureCode code) => Failures[code];
}
