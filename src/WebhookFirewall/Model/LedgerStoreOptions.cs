namespace WebhookFirewall.Model;

/// <summary>`WebhookFirewall:Ledger` and `InstanceName`: read once at start-up (changing the store needs a restart).</summary>
internal sealed record LedgerStoreOptions
{
    public const int DefaultMaxEntries = 10_000;

    /// <summary>The stream key after the idempotency store's `KeyPrefix` (`webhookfirewall:v2:ledger` by default).</summary>
    public const string StreamKeySuffix = "ledger";

    public LedgerStoreKind Store { get; init; } = LedgerStoreKind.Memory;

    /// <summary>The memory store's bound, and the length the Redis stream is capped at.</summary>
    public int MaxEntries { get; init; } = DefaultMaxEntries;

    /// <summary>Which replica wrote an entry; the machine name unless configured.</summary>
    public string InstanceName { get; init; } = Environment.MachineName;

    public string StreamKey { get; init; } = IdempotencyStoreOptions.DefaultKeyPrefix + StreamKeySuffix;

    public string? RedisConnectionString { get; init; }

    public bool Enabled => Store != LedgerStoreKind.None;
}
