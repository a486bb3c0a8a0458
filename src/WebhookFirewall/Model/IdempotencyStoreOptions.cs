namespace WebhookFirewall.Model;

/// <summary>`WebhookFirewall:Idempotency`: read once at start-up (changing the store needs a restart).</summary>
internal sealed record IdempotencyStoreOptions
{
    /// <summary>Outlasts YARP's default ActivityTimeout (100 s) so a slow upstream never loses its claim mid-flight.</summary>
    public static readonly TimeSpan DefaultLease = TimeSpan.FromSeconds(150);

    /// <summary>A day: a claim held longer than any exchange can last only blocks the provider's retries.</summary>
    public static readonly TimeSpan MaxLease = TimeSpan.FromDays(1);

    /// <summary>
    /// The memory store allocates its tables for the bound at start-up, so the bound is memory spent whether it is
    /// used or not (what a record costs: load-tests/results/design-notes.md).
    /// </summary>
    public const int DefaultMaxEntries = 250_000;

    /// <summary>
    /// Versioned: the keys of the first wave (per policy, literal ids) and of this one (per route, every id hashed)
    /// differ, and a replica of one version must not read the other's records as its own.
    /// </summary>
    public const string DefaultKeyPrefix = "webhookfirewall:v2:";

    public IdempotencyStoreKind Store { get; init; } = IdempotencyStoreKind.Memory;

    public TimeSpan Lease { get; init; } = DefaultLease;

    public int MaxEntries { get; init; } = DefaultMaxEntries;

    public string KeyPrefix { get; init; } = DefaultKeyPrefix;

    public string? RedisConnectionString { get; init; }
}
