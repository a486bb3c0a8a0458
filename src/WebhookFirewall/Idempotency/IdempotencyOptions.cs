using Microsoft.Extensions.Configuration;
using WebhookFirewall.Configuration;

namespace WebhookFirewall.Idempotency;

internal enum IdempotencyStoreKind
{
    Memory,
    Redis,
}

/// <summary>`WebhookFirewall:Idempotency`: read once at start-up (changing the store needs a restart).</summary>
internal sealed record IdempotencyOptions
{
    public const string SectionPath = "WebhookFirewall:Idempotency";

    /// <summary>Outlasts YARP's default ActivityTimeout (100 s) so a slow upstream never loses its claim mid-flight.</summary>
    public static readonly TimeSpan DefaultLease = TimeSpan.FromSeconds(150);

    public IdempotencyStoreKind Store { get; init; } = IdempotencyStoreKind.Memory;

    public TimeSpan Lease { get; init; } = DefaultLease;

    /// <summary>About 24 MB of completed deliveries at ~95 bytes each, allocated at start-up (README, idempotency).</summary>
    public const int DefaultMaxEntries = 250_000;

    public int MaxEntries { get; init; } = DefaultMaxEntries;

    public const string DefaultKeyPrefix = "webhookfirewall:";

    public string KeyPrefix { get; init; } = DefaultKeyPrefix;

    public string? RedisConnectionString { get; init; }

    public static IdempotencyOptions Read(IConfiguration configuration, ICollection<ConfigProblem> problems)
    {
        var section = configuration.GetSection(SectionPath);
        var store = IdempotencyStoreKind.Memory;
        var storeText = section["Store"];
        if (storeText is not null && !ConfigValues.TryParseName(storeText, out store))
        {
            problems.Add(new ConfigProblem($"{SectionPath}:Store", $"'{storeText}' is not Memory or Redis"));
        }

        var connectionString = configuration.GetConnectionString("Redis");
        if (store == IdempotencyStoreKind.Redis && string.IsNullOrWhiteSpace(connectionString))
        {
            problems.Add(new ConfigProblem("ConnectionStrings:Redis", "the Redis idempotency store needs a connection string"));
        }

        return new IdempotencyOptions
        {
            Store = store,
            Lease = ConfigValues.ReadTimeSpan(section, "Lease", DefaultLease, problems),
            MaxEntries = ConfigValues.ReadCount(section, "MaxEntries", DefaultMaxEntries, problems),
            KeyPrefix = section["KeyPrefix"] ?? DefaultKeyPrefix,
            RedisConnectionString = connectionString,
        };
    }
}
