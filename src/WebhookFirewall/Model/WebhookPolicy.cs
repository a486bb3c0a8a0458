using WebhookFirewall.Verification;

namespace WebhookFirewall.Model;

/// <summary>A validated, ready-to-use policy: everything the webhook step needs for one route.</summary>
internal sealed class WebhookPolicy
{
    public const long DefaultMaxBodyBytes = 1024 * 1024;

    public required string Name { get; init; }

    public required string Provider { get; init; }

    public required IWebhookVerifier Verifier { get; init; }

    public PolicyMode Mode { get; init; } = PolicyMode.Enforce;

    public long MaxBodyBytes { get; init; } = DefaultMaxBodyBytes;

    public required IdempotencySettings Idempotency { get; init; }

    /// <summary>Addresses allowed to send to this policy's routes; null admits any.</summary>
    public NetworkList? AllowedSources { get; init; }

    /// <summary>What the delivery ledger may keep of this policy's bodies (nothing unless it opts in).</summary>
    public LedgerCaptureSettings Ledger { get; init; } = LedgerCaptureSettings.Off;
    /// <summary>How far a signed timestamp may be from now, both ways (used where the provider signs one).</summary>
    public TimeSpan ReplayWindow { get; init; }

    /// <summary>The whole body must arrive within this (`BodyTimeout`), however steady the trickle.</summary>
    public TimeSpan BodyTimeout { get; init; } = DefaultBodyTimeout;

    /// <summary>Signs what this policy verified and forwards (`ForwardSignature`); null when it does not.</summary>
    public ForwardSigner? ForwardSignature { get; init; }

    /// <summary>What a failed forward becomes (`Delivery`): rejected, as by default, or spooled.</summary>
    public DeliverySettings Delivery { get; init; } = DeliverySettings.Reject;

    /// <summary>
    /// The policy's secrets as configured: a spooled delivery's credential header (a token sent as is) is stored as a
    /// placeholder and the index of the secret that matched, and refilled from here when it is redelivered.
    /// </summary>
    public IReadOnlyList<string> Secrets { get; init; } = [];

    public static readonly TimeSpan DefaultBodyTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The longest `ReplayWindow`: a signed timestamp older than a day proves little.</summary>
    public static readonly TimeSpan MaxReplayWindow = TimeSpan.FromDays(1);
}
