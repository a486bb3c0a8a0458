using System.Text.Json;
using WebhookFirewall.Verification;

namespace WebhookFirewall.Model;

/// <summary>
/// An answer of the contract: an RFC 9457 problem document with a stable `code`, as a value. Every code the firewall
/// can answer is one instance below — the one table of wire codes — and its body is serialised once: it never carries
/// request data, so it can never echo a secret, a signature or a payload. A code the contract adds later (e.g.
/// `server_busy`) is one more line here.
/// </summary>
internal sealed class Problem
{
    public static readonly Problem MissingSignature = new(401, "missing_signature", "Missing signature", "The request does not carry the signature its provider sends.");
    public static readonly Problem MalformedSignature = new(401, "malformed_signature", "Malformed signature", "The signature (or a header it depends on) is not in the provider's format, or is repeated.");
    public static readonly Problem InvalidSignature = new(401, "invalid_signature", "Invalid signature", "No configured secret produces this signature over the request as received.");
    public static readonly Problem TimestampOutOfWindow = new(401, "timestamp_out_of_window", "Timestamp out of window", "The signed timestamp is outside the policy's replay window.");
    public static readonly Problem InvalidVerifyToken = new(403, "invalid_verify_token", "Invalid verify token", "The subscription handshake did not present the configured verify token.");
    public static readonly Problem SourceNotAllowed = new(403, "source_not_allowed", "Source not allowed", "The client address is outside the policy's allowed sources.");
    public static readonly Problem DeliveryInProgress = new(409, "delivery_in_progress", "Delivery in progress", "This delivery is being forwarded right now; retry later.");
    public static readonly Problem PayloadTooLarge = new(413, "payload_too_large", "Payload too large", "The body is larger than the policy's MaxBodyBytes.");
    public static readonly Problem RateLimited = new(429, "rate_limited", "Rate limited", "The route's rate limit is exceeded; retry later.");
    public static readonly Problem RouteNotConfigured = new(500, "route_not_configured", "Route not configured", "The route has no webhook policy bound; nothing was forwarded.");
    public static readonly Problem StoreUnavailable = new(503, "store_unavailable", "Idempotency store unavailable", "The delivery could not be claimed; nothing was forwarded. Retry later.");
    public static readonly Problem KeyUnavailable = new(503, "key_unavailable", "Provider key unavailable", "The provider's key or certificate could not be obtained; nothing was forwarded. Retry later.");
    public static readonly Problem ServerBusy = new(503, "server_busy", "Server busy", "The firewall is buffering as many bodies as it may; retry later.");
    public static readonly Problem UnexpectedBody = new(400, "unexpected_body", "Unexpected body", "A GET, HEAD, OPTIONS or TRACE request carried a body.");
    public static readonly Problem UpgradeNotAllowed = new(400, "upgrade_not_allowed", "Upgrade not allowed", "Protocol upgrades are not allowed on a verified route.");
    public static readonly Problem MalformedBody = new(400, "malformed_body", "Malformed body", "The request body could not be read (bad framing, or the connection broke).");
    public static readonly Problem MalformedHeader = new(400, "malformed_header", "Malformed header", "A header value holds a control character.");
    public static readonly Problem BodyTimeout = new(408, "body_timeout", "Body timeout", "The body did not arrive within the policy's BodyTimeout.");

    // The management listener's own answers (DESIGN "Management access").
    public static readonly Problem HostNotAllowed = new(403, "host_not_allowed", "Host not allowed", "The management listener does not answer this Host name; list it in WebhookFirewall:ManagementHosts.");
    public static readonly Problem ManagementTokenRequired = new(403, "management_token_required", "Management token required", "This management listener is not bound to a loopback address, so the ledger and spool endpoints need WebhookFirewall:ManagementToken.");
    public static readonly Problem InvalidManagementToken = new(401, "invalid_management_token", "Invalid management token", "Send the management token as 'Authorization: Bearer <token>'.");
    public static readonly Problem CrossOrigin = new(403, "cross_origin", "Cross-origin request refused", "A changing request needs 'X-Requested-By: webhookfirewall' and no Origin other than the listener's own.");
    public static readonly Problem InvalidQuery = new(400, "invalid_query", "Invalid query", "A filter of the query is not usable: since is an RFC 3339 time, a spool state is pending, dead or delivered, limit a whole number from 1 to 500.");
    public static readonly Problem DeliveryNotFound = new(404, "delivery_not_found", "Delivery not found", "The ledger holds no entry with this id (it may have been evicted by newer ones).");

    // The spool's management endpoints.
    public static readonly Problem SpoolEntryNotFound = new(404, "spool_entry_not_found", "Spool entry not found", "The spool holds no entry with this id (delivered and expired, discarded, or never spooled).");
    public static readonly Problem SpoolEntryInFlight = new(409, "spool_entry_in_flight", "Spool entry being sent", "An instance is sending this entry right now; its result decides what happens next.");
    public static readonly Problem SpoolEntryDelivered = new(409, "spool_entry_delivered", "Spool entry delivered", "The backend took this delivery already; nothing is left to send.");
    public static readonly Problem SpoolStoreUnavailable = new(503, "spool_store_unavailable", "Spool store unavailable", "The spool's store did not answer; try again.");

    private Problem(int status, string code, string title, string detail)
    {
        Status = status;
        Code = code;
        Title = title;
        Detail = detail;
        Body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["type"] = "about:blank",
            ["title"] = title,
            ["status"] = status,
            ["detail"] = detail,
            ["code"] = code,
        });
    }

    /// <summary>The verification failures the library reports, each with its answer: the one place they meet.</summary>
    public static IReadOnlyList<(FailureCode Failure, Problem Problem)> Failures { get; } =
    [
        (FailureCode.MissingSignature, MissingSignature),
        (FailureCode.MalformedSignature, MalformedSignature),
        (FailureCode.InvalidSignature, InvalidSignature),
        (FailureCode.TimestampOutOfWindow, TimestampOutOfWindow),
        (FailureCode.InvalidVerifyToken, InvalidVerifyToken),
        (FailureCode.KeyUnavailable, KeyUnavailable),
    ];

    public int Status { get; }

    /// <summary>The stable `code` member, as fixed by the contract.</summary>
    public string Code { get; }

    public string Title { get; }

    public string Detail { get; }

    /// <summary>The whole `application/problem+json` document, serialised once.</summary>
    public byte[] Body { get; }

    /// <summary>The answer to a verification failure.</summary>
    public static Problem For(FailureCode failure)
    {
        foreach (var (code, problem) in Failures)
        {
            if (code == failure)
            {
                return problem;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(failure), failure, "Not a verification failure the firewall answers.");
    }

    public override string ToString() => Code;
}
