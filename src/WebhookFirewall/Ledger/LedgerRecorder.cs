using System.Diagnostics;
using Microsoft.Extensions.Primitives;
using WebhookFirewall.Model;
using WebhookFirewall.Pipeline;
using WebhookFirewall.Verification;

namespace WebhookFirewall.Ledger;

/// <summary>
/// Turns a finished request into its ledger entry and hands it to the store — refused requests through the flood
/// coalescer. Runs on the request's path once per request: no LINQ, no string building; the entry points at strings
/// that already exist (route, policy, header names from the pool, constant reasons) wherever it can.
/// </summary>
internal sealed partial class LedgerRecorder : IDeliveryRecorder, IDisposable
{
    /// <summary>Longest header value or path kept: enough to read, not a place to park kilobytes of sender data.</summary>
    private const int MaxTextLength = 512;
    private const int MaxPathLength = 2048;

    private readonly ILedgerStore? _store;
    private readonly string _instance;
    private readonly TimeProvider _clock;
    private readonly ILogger<LedgerRecorder> _logger;
    private readonly HeaderNamePool _headerNames = new();
    private readonly FloodCoalescer? _coalescer;

    public LedgerRecorder(ILedgerStore? store, LedgerStoreOptions options, TimeProvider clock, ILogger<LedgerRecorder> logger)
    {
        _store = store;
        _instance = options.InstanceName;
        _clock = clock;
        _logger = logger;
        _coalescer = store is null ? null : new FloodCoalescer(store.Append, clock);
    }

    /// <summary>Anonymous routes are not recorded, and nothing is with the ledger off.</summary>
    public bool Records(RouteBinding binding) => _store is not null && binding.Policy is not null;

    public void BodyVerified(HttpContext context, WebhookContext webhook, ReadOnlySpan<byte> body)
    {
        if (webhook.Policy is { Ledger.CapturePayloads: true } policy && PayloadCapture.Capture(body, policy.Ledger) is { } payload)
        {
            context.Features.Set(payload);
        }
    }

    public void Record(HttpContext context, WebhookContext webhook)
    {
        try
        {
            var entry = Build(context, webhook);
            if (webhook.Problem is not null || webhook.Mark is { IsVerified: false })
            {
                _coalescer!.Offer(entry);
            }
            else
            {
                _store!.Append(entry);
            }
        }
        catch (Exception e)
        {
            // The request is answered already; a bug here must not turn into a failed request.
            Log.RecordFailed(_logger, e, webhook.Binding.RouteId);
        }
    }

    public void Dispose() => _coalescer?.Dispose();

    internal LedgerEntry Build(HttpContext context, WebhookContext webhook)
    {
        var request = context.Request;
        var policy = webhook.Policy!;
        var outcome = webhook.Outcome!.Value;
        var now = _clock.GetUtcNow();
        var elapsed = _clock.GetElapsedTime(webhook.StartedAt);
        var receivedAt = now - elapsed;
        var code = CodeOf(webhook, outcome);
        return new LedgerEntry
        {
            // A spooled delivery's entry has the spool entry's id: one id for the delivery on both APIs.
            Id = webhook.SpoolId is { } spooled && LedgerId.TryParse(spooled, out var same) ? same : LedgerId.New(receivedAt),
            SpoolId = webhook.SpoolId,
            ReceivedAt = receivedAt,
            Instance = _instance,
            Route = webhook.Binding.RouteId,
            Policy = policy.Name,
            Provider = policy.Provider,
            Mode = policy.Mode,
            Method = request.Method,
            Path = Bounded(request.Path.Value ?? "/", MaxPathLength),
            Client = webhook.ClientAddress ?? context.Connection.RemoteIpAddress,
            DeliveryId = DeliveryIdOf(request, webhook, policy, now),
            IdempotencyKey = policy.Idempotency.Enabled ? webhook.Key?.Kind : null,
            ContentType = Single(request.Headers.ContentType),
            BodyBytes = webhook.BodyLength,
            BodySha256 = webhook.BodyLength is null ? null : Digest(webhook.BodySha256),
            Headers = HeadersOf(request.Headers, policy.Verifier.Info.EventTypeHeader),
            Outcome = outcome.ToLabel(),
            Status = context.Response.StatusCode,
            Code = code,
            Reason = webhook.Reason ?? Reasons.For(code, outcome),
            SecretIndex = webhook.SecretIndex >= 0 ? webhook.SecretIndex : null,
            TimestampSkewSeconds = webhook.SignedTimestamp is { } signed ? (receivedAt - signed).TotalSeconds : null,
            Upstream = UpstreamOf(context, webhook),
            DurationMs = elapsed.TotalMilliseconds,
            Payload = context.Features.Get<CapturedPayload>(),
        };
    }

    /// <summary>The firewall's own answer; a Report-mode failure's verification code; `upstream_error`; else none.</summary>
    private static string? CodeOf(WebhookContext webhook, RequestOutcome outcome)
    {
        if (webhook.Problem is { } problem)
        {
            return problem.Code;
        }

        if (webhook.Mark is { IsVerified: false } && webhook.Failure != FailureCode.None)
        {
            return webhook.Failure.ToWireCode();
        }

        return outcome == RequestOutcome.UpstreamError ? Reasons.UpstreamErrorCode : null;
    }

    /// <summary>The verified id, or — for a request that was not verified — the id it claims in a header (unverified, bounded).</summary>
    private static string? DeliveryIdOf(HttpRequest request, WebhookContext webhook, WebhookPolicy policy, DateTimeOffset now)
    {
        var id = webhook.DeliveryId
            ?? policy.Verifier.ClaimedDeliveryId(new WebhookRequest(request.Method, new RequestHeaders(request.Headers), ReadOnlyMemory<byte>.Empty, now));
        return id is null ? null : Bounded(id, LedgerEntry.MaxDeliveryIdLength);
    }

    private LedgerHeaders HeadersOf(IHeaderDictionary headers, string? eventTypeHeader)
    {
        var names = new string[headers.Count];
        var i = 0;
        foreach (var header in headers)
        {
            if (i == names.Length)
            {
                break;
            }

            names[i++] = _headerNames.Intern(header.Key);
        }

        var eventType = eventTypeHeader is null ? null : Single(headers[eventTypeHeader]);
        return new LedgerHeaders(names, Single(headers.UserAgent), eventType is null ? null : eventTypeHeader, eventType);
    }

    private static LedgerUpstream? UpstreamOf(HttpContext context, WebhookContext webhook)
    {
        if (webhook.UpstreamSentAt == 0)
        {
            return null;
        }

        var until = webhook.UpstreamAnsweredAt != 0 ? webhook.UpstreamAnsweredAt : Stopwatch.GetTimestamp();
        var duration = Stopwatch.GetElapsedTime(webhook.UpstreamSentAt, until).TotalMilliseconds;
        return new LedgerUpstream(webhook.UpstreamStatus, duration, UpstreamErrors.Describe(context.GetForwarderErrorFeature()));
    }

    private static BodyDigest Digest(ReadOnlySpan<byte> sha256)
    {
        var digest = default(BodyDigest);
        sha256.CopyTo(digest);
        return digest;
    }

    /// <summary>A header's value as one bounded string; null when absent.</summary>
    private static string? Single(StringValues values) => values.Count switch
    {
        0 => null,
        1 => Bounded(values[0] ?? string.Empty, MaxTextLength),
        _ => Bounded(values.ToString(), MaxTextLength),
    };

    private static string Bounded(string text, int length) => text.Length <= length ? text : text[..length];
}
