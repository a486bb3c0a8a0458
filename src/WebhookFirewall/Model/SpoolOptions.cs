namespace WebhookFirewall.Model;

/// <summary>`WebhookFirewall:Spool`: read once at start-up (changing the store needs a restart).</summary>
internal sealed record SpoolOptions
{
    public const string DefaultPath = "data/spool.db";
    public const long DefaultMaxBytes = 1L << 30;
    public const int DefaultConcurrency = 4;
    public const string DefaultKeyPrefix = "webhookfirewall:spool:";

    public static readonly TimeSpan DefaultDeadLetterTtl = TimeSpan.FromDays(7);

    /// <summary>Outlasts YARP's default connect (15 s) and activity (100 s) timeouts, so a live send keeps its lease.</summary>
    public static readonly TimeSpan DefaultLease = TimeSpan.FromMinutes(2);

    public SpoolStoreKind Store { get; init; } = SpoolStoreKind.Sqlite;

    /// <summary>The SQLite file, relative to the current directory.</summary>
    public string Path { get; init; } = DefaultPath;

    /// <summary>The most request bytes (bodies and headers) the spool holds; a delivery past it is not spooled.</summary>
    public long MaxBytes { get; init; } = DefaultMaxBytes;

    /// <summary>How long a dead (or delivered) entry is kept for inspection and a manual retry.</summary>
    public TimeSpan DeadLetterTtl { get; init; } = DefaultDeadLetterTtl;

    /// <summary>Redeliveries in flight at once on this instance.</summary>
    public int Concurrency { get; init; } = DefaultConcurrency;

    /// <summary>How long a claimed entry is this instance's to send before another may take it over.</summary>
    public TimeSpan Lease { get; init; } = DefaultLease;

    public string KeyPrefix { get; init; } = DefaultKeyPrefix;

    public string? RedisConnectionString { get; init; }
}
