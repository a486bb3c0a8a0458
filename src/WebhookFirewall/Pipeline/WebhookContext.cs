using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.Features;
using WebhookFirewall.Idempotency;
using WebhookFirewall.Management;
using WebhookFirewall.Model;
using WebhookFirewall.Verification;

namespace WebhookFirewall.Pipeline;

/// <summary>
/// Everything the proxy pipeline knows about one request on a webhook route, set on <c>HttpContext.Features</c> by
/// <see cref="RequestContextStep"/>: the route's binding and metrics, the client, and — filled in as the stages run —
/// what was verified, what was answered and how the request ended. It lives exactly as long as its request.
/// </summary>
internal sealed class WebhookContext
{
    private readonly HttpContext _http;
    private IPAddress? _client;
    private bool _clientResolved;

    public WebhookContext(HttpContext http, RouteBinding binding, RouteMetrics metrics, long startedAt, IDeliveryRecorder? recorder = null)
    {
        _http = http;
        Binding = binding;
        Metrics = metrics;
        StartedAt = startedAt;
        Recorder = recorder;
    }

    public RouteBinding Binding { get; }

    /// <summary>The route's policy; null on an Anonymous route.</summary>
    public WebhookPolicy? Policy => Binding.Policy;

    public RouteMetrics Metrics { get; }

    /// <summary>Who records this request (the delivery ledger); null when nothing does.</summary>
    public IDeliveryRecorder? Recorder { get; }

    /// <summary>When the pipeline began, as a <see cref="TimeProvider"/> timestamp.</summary>
    public long StartedAt { get; }

    /// <summary>
    /// The client as resolved through TrustedProxies, worked out on first use and only once; null when the forwarded
    /// chain from a trusted proxy is unreadable (such a request is not admitted).
    /// </summary>
    public IPAddress? ClientAddress
    {
        get
        {
            if (!_clientResolved)
            {
                _client = Pipeline.ClientAddress.Resolve(_http, Binding.TrustedProxies);
                _clientResolved = true;
            }

            return _client;
        }
    }

    /// <summary>
    /// For logs: the client, so a log behind a load balancer names the sender; the connection's address when the
    /// forwarded chain is unreadable.
    /// </summary>
    public string? ClientForLog => (ClientAddress ?? _http.Connection.RemoteIpAddress)?.ToString();

    /// <summary>How the request ended; null until a stage knows (and when it ended by an exception).</summary>
    public RequestOutcome? Outcome { get; set; }

    /// <summary>The problem answered, when the firewall refused the request itself.</summary>
    public Problem? Problem { get; private set; }

    private BodyDigest _bodySha256;

    /// <summary>The length of the body as buffered and verified; null when it was never read.</summary>
    public int? BodyLength { get; private set; }

    /// <summary>The buffered body, from verification until the forwarder has sent it (empty otherwise).</summary>
    public ReadOnlyMemory<byte> Body { get; private set; }

    /// <summary>The body's SHA-256, once it was buffered (see <see cref="BodyLength"/>).</summary>
    public ReadOnlySpan<byte> BodySha256 => BodyLength is null ? [] : _bodySha256;

    /// <summary>What keys a verified delivery for de-duplication; null until it verified.</summary>
    public DeliveryKey? Key { get; set; }

    /// <summary>The claim of a delivery being forwarded, settled when the upstream answers.</summary>
    public ClaimSettlement? Settlement { get; set; }

    /// <summary>Whether the connection comes from a trusted proxy (whose client-address headers are believed).</summary>
    public bool PeerIsTrustedProxy => Pipeline.ClientAddress.IsTrustedPeer(_http, Binding.TrustedProxies);

    /// <summary>The verdict the upstream learns from `X-Webhook-Verification`; null on Anonymous routes.</summary>
    public VerificationMark? Mark { get; set; }

    public FailureCode Failure { get; private set; }

    /// <summary>Index of the configured secret that verified the request; -1 when none did.</summary>
    public int SecretIndex { get; private set; } = -1;

    /// <summary>The provider's id of a verified delivery, when it sends one.</summary>
    public string? DeliveryId { get; private set; }

    /// <summary>The signed timestamp, when the scheme signs one (also on a timestamp_out_of_window failure).</summary>
    public DateTimeOffset? SignedTimestamp { get; private set; }

    /// <summary>Why verification failed, in the library's words (never a secret, signature or body byte).</summary>
    public string? Reason { get; private set; }

    /// <summary>When the request was handed to the upstream and when its answer's headers came (Stopwatch ticks; 0 = not yet).</summary>
    public long UpstreamSentAt { get; private set; }

    public long UpstreamAnsweredAt { get; private set; }

    /// <summary>
    /// The status the upstream itself answered, recorded by the response transform. Settling follows it, not the
    /// status the client finally saw: a 2xx whose copy to the client then failed was still processed by the
    /// upstream, and releasing its claim would let the provider's retry through a second time.
    /// </summary>
    public int? UpstreamStatus { get; set; }

    /// <summary>
    /// The request as the forwarder is sending it to the destination (the route's transforms applied), kept by the
    /// request transform only when the policy spools: a failed forward is stored as it was sent.
    /// </summary>
    public HttpRequestMessage? ProxyRequest { get; set; }

    /// <summary>The address of the destination <see cref="ProxyRequest"/> went to (its URI is relative to it).</summary>
    public string? DestinationPrefix { get; set; }

    /// <summary>The spool entry's id once the delivery was spooled (the ledger entry carries it as `spoolId`).</summary>
    public string? SpoolId { get; set; }

    /// <summary>The request's context; every stage after <see cref="RequestContextStep"/> has one.</summary>
    public static WebhookContext Of(HttpContext context) => context.Features.GetRequiredFeature<WebhookContext>();

    /// <summary>The body as read, once: its length and digest stay for the record; the bytes only while forwarding.</summary>
    public void RecordBody(ReadOnlyMemory<byte> body)
    {
        BodyLength = body.Length;
        Body = body;
        // The one SHA-256 of the body (content key, ledger): one pass over the buffer just filled, while it is still
        // in cache. Hashing chunk by chunk as it arrives would cost the same work plus an IncrementalHash per request.
        SHA256.HashData(body.Span, _bodySha256);
    }

    /// <summary>The buffer goes back to its pool: nothing may read the bytes any more.</summary>
    public void ReleaseBody() => Body = ReadOnlyMemory<byte>.Empty;

    public void RecordVerification(in VerificationResult result)
    {
        Failure = result.Failure;
        SecretIndex = result.SecretIndex;
        DeliveryId = result.DeliveryId;
        SignedTimestamp = result.Timestamp;
        Reason = result.Reason;
    }

    /// <summary>The forwarder is about to send the request (a request transform).</summary>
    public void UpstreamSending() => UpstreamSentAt = Stopwatch.GetTimestamp();

    /// <summary>The upstream's status line and headers arrived (a response transform).</summary>
    public void UpstreamAnswered(int status)
    {
        UpstreamStatus = status;
        UpstreamAnsweredAt = Stopwatch.GetTimestamp();
    }

    /// <summary>Answers the request with <paramref name="problem"/>; nothing is forwarded after this.</summary>
    public Task AnswerAsync(Problem problem, RequestOutcome outcome, int? retryAfterSeconds = null)
    {
        Problem = problem;
        Outcome = outcome;
        return ProblemWriter.WriteAsync(_http, problem, retryAfterSeconds);
    }
}
