using System.Collections.Frozen;
using WebhookFirewall.Model;

namespace WebhookFirewall.Ledger;

/// <summary>
/// The host's reasons: one or two sentences a person can act on, for every code the firewall itself decides (the
/// verification library words its own failures; these stand in only when it gave none). One table, constant strings:
/// an entry points at its reason, it never carries a copy, and no reason ever quotes request data.
/// </summary>
internal static class Reasons
{
    public const string UpstreamErrorCode = "upstream_error";

    public static readonly string Duplicate =
        "A delivery with the same idempotency key was already forwarded and answered 2xx: its first status was replayed with X-Webhook-Duplicate: true, and the upstream was not called again.";

    public static readonly string Challenge =
        "A provider handshake, verified and answered by the firewall itself; nothing was forwarded.";

    private static readonly FrozenDictionary<string, string> ByCode = new Dictionary<string, string>
    {
        [Problem.SourceNotAllowed.Code] = "The client address is outside the policy's AllowedSources. If this sender is legitimate, add its range (or the provider's named range) to AllowedSources; behind a proxy, list the proxy in WebhookFirewall:TrustedProxies so X-Forwarded-For is read.",
        [Problem.RateLimited.Code] = "The route's rate limit (RateLimiterPolicy) or MaxConcurrentRequests cap was exceeded, so the request was refused before its body was read. The sender may retry after Retry-After; raise the limit if this is normal traffic.",
        [Problem.PayloadTooLarge.Code] = "The body is larger than the policy's MaxBodyBytes (declared in Content-Length, or counted while it was read). Raise MaxBodyBytes if the provider legitimately sends bodies this large.",
        [Problem.StoreUnavailable.Code] = "The idempotency store could not be reached, so the delivery could not be claimed and nothing was forwarded (fail closed); the provider will retry. Check the store's connection (ConnectionStrings:Redis) and /readyz.",
        [Problem.DeliveryInProgress.Code] = "The same delivery is being forwarded right now by another request (a provider's retry, or another replica), so this copy was refused with Retry-After and is not processed twice.",
        [UpstreamErrorCode] = "The upstream answered 5xx, or could not be reached in time (see upstream.error). Nothing was marked done, so the provider's retry will be forwarded; check the backend.",
        [Problem.KeyUnavailable.Code] = "The provider's key or certificate could not be obtained, so the signature could not be checked and nothing was forwarded; the provider will retry. Check that the firewall can reach the provider's key URL, or pin the key.",
        [Problem.ServerBusy.Code] = "The firewall was already buffering as many bodies as WebhookFirewall:Limits:MaxBufferedBytes allows; the sender was told to retry. Raise the budget if this happens under normal traffic.",
        [Problem.UnexpectedBody.Code] = "A GET, HEAD, OPTIONS or TRACE request carried a body, which no provider sends; it was refused before the body was read.",
        [Problem.UpgradeNotAllowed.Code] = "The request asked for a protocol upgrade (WebSocket, h2c), which a verified route never allows.",
        [Problem.MalformedBody.Code] = "The body could not be read (broken chunked framing, or the connection closed early), so there was nothing to verify.",
        [Problem.MalformedHeader.Code] = "A header value holds a control character; the request was refused before it was verified.",
        [Problem.BodyTimeout.Code] = "The body did not arrive within the policy's BodyTimeout. A slow or stalled sender; raise BodyTimeout only if the provider is known to be that slow.",
        [Problem.MissingSignature.Code] = "The request carries no signature header (or field) of this policy's provider: it was not sent by the provider, or the route names the wrong policy.",
        [Problem.MalformedSignature.Code] = "The signature, or a header it depends on, is not in the provider's format or is repeated. Check that the route's policy names the provider that sends here.",
        [Problem.InvalidSignature.Code] = "No configured secret produces this signature over the body as received. Check that the policy's Secrets hold the provider's current signing secret, and that nothing in front of the firewall changes the body.",
        [Problem.TimestampOutOfWindow.Code] = "The signed timestamp is outside the policy's ReplayWindow (see timestampSkewSeconds): a replay, a clock that is off, or a delivery retried late.",
        [Problem.InvalidVerifyToken.Code] = "The subscription handshake did not present the policy's VerifyToken. Check the token registered with the provider.",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Every code with a reason (for the test that none is missing).</summary>
    public static IEnumerable<string> Codes => ByCode.Keys;

    /// <summary>The reason for <paramref name="code"/>, or for an outcome that needs explaining without a code.</summary>
    public static string? For(string? code, RequestOutcome outcome)
    {
        if (code is not null)
        {
            return ByCode.GetValueOrDefault(code);
        }

        return outcome switch
        {
            RequestOutcome.Duplicate => Duplicate,
            RequestOutcome.Challenge => Challenge,
            _ => null,
        };
    }
}
