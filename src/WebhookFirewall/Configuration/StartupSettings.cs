using WebhookFirewall.Model;

namespace WebhookFirewall.Configuration;

/// <summary>
/// The settings read once, at start-up, and only here: the idempotency store, its Redis connection, the management
/// listener and who may use it, the ledger store, Kestrel's limits and the runtime meters. Everything else reloads
/// with the snapshot.
/// </summary>
internal sealed record StartupSettings
{
    public const string IdempotencySectionPath = "WebhookFirewall:Idempotency";
    public const string SpoolSectionPath = "WebhookFirewall:Spool";
    public const string ManagementUrlKey = "WebhookFirewall:ManagementUrl";
    public const string DefaultManagementUrl = "http://127.0.0.1:9090";
    public const string LedgerSectionPath = "WebhookFirewall:Ledger";
    public const string ManagementTokenKey = "WebhookFirewall:ManagementToken";
    public const string InstanceNameKey = "WebhookFirewall:InstanceName";
    public const string MaxBufferedBytesKey = "WebhookFirewall:Limits:MaxBufferedBytes";
    public const long DefaultMaxBufferedBytes = 256L * 1024 * 1024;
    public const string InlineSchedulingKey = "WebhookFirewall:InlineScheduling";

    /// <summary>The keys a reload cannot apply (Kestrel's limits come on top): a change to one is logged as needing a restart.</summary>
    private static readonly string[] RestartOnlyKeys =
    [
        IdempotencySectionPath + ":Store",
        IdempotencySectionPath + ":Lease",
        IdempotencySectionPath + ":MaxEntries",
        IdempotencySectionPath + ":KeyPrefix",
        "ConnectionStrings:Redis",
        ManagementUrlKey,
        ManagementTokenKey,
        LedgerSectionPath + ":Store",
        LedgerSectionPath + ":MaxEntries",
        InstanceNameKey,
        MaxBufferedBytesKey,
        SpoolSectionPath + ":Store",
        SpoolSectionPath + ":Path",
        SpoolSectionPath + ":MaxBytes",
        SpoolSectionPath + ":DeadLetterTtl",
        SpoolSectionPath + ":Concurrency",
        SpoolSectionPath + ":Lease",
        SpoolSectionPath + ":KeyPrefix",
        InlineSchedulingKey,
    ];

    public required IdempotencyStoreOptions Idempotency { get; init; }

    /// <summary>The spool's store and limits; used only when some policy spools (or a spool file is already there).</summary>
    public SpoolOptions Spool { get; init; } = new();

    /// <summary>Where the management listener binds; null when it is disabled (an empty value).</summary>
    public string? ManagementUrl { get; init; }

    public required KestrelLimitSettings KestrelLimits { get; init; }

    public LedgerStoreOptions Ledger { get; init; } = new();

    public ManagementAccessSettings ManagementAccess { get; init; } = new();
    /// <summary>`WebhookFirewall:Limits:MaxBufferedBytes`: the bodies all requests may buffer together.</summary>
    public long MaxBufferedBytes { get; init; } = DefaultMaxBufferedBytes;

    /// <summary>`WebhookFirewall:Metrics:RuntimeMeters`: false exports only the firewall's own metrics.</summary>
    public bool RuntimeMeters { get; init; } = true;

    /// <summary>
    /// `WebhookFirewall:InlineScheduling`: Kestrel runs each request on the socket engine's thread instead of queueing
    /// it to the thread pool. By default it follows `DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1` (the image sets
    /// it): the two only pay off together, and Kestrel's inline scheduling alone measured worse than neither
    /// (load-tests/results/2026-12-01T1446-settings.md). Safe only because nothing on the request path blocks.
    /// </summary>
    public bool InlineScheduling { get; init; }

    /// <summary>The runtime's own switch, read the way System.Net.Sockets reads it (environment only).</summary>
    public static bool SocketCompletionsInline =>
        Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") == "1";

    public static StartupSettings Read(IConfiguration configuration, ICollection<ConfigProblem> problems)
    {
        var managementUrl = configuration[ManagementUrlKey] ?? DefaultManagementUrl;
        if (!string.IsNullOrWhiteSpace(managementUrl))
        {
            ManagementUrlRules.Check(managementUrl, ManagementUrlKey, problems);
        }

        var idempotency = ReadIdempotency(configuration, problems);
        return new StartupSettings
        {
            Idempotency = idempotency,
            Spool = SpoolOptionsReader.Read(configuration, problems),
            ManagementUrl = string.IsNullOrWhiteSpace(managementUrl) ? null : managementUrl,
            KestrelLimits = KestrelLimitSettings.Read(configuration, problems),
            MaxBufferedBytes = ConfigValues.ReadSize(configuration.GetSection("WebhookFirewall:Limits"), "MaxBufferedBytes", DefaultMaxBufferedBytes, long.MaxValue, problems),
            RuntimeMeters = ConfigValues.ReadBool(configuration.GetSection("WebhookFirewall:Metrics"), "RuntimeMeters", true, problems),
            InlineScheduling = ConfigValues.ReadBool(configuration.GetSection("WebhookFirewall"), "InlineScheduling", SocketCompletionsInline, problems),
            Ledger = ReadLedger(configuration, idempotency.KeyPrefix, problems),
            ManagementAccess = new ManagementAccessSettings
            {
                Token = string.IsNullOrEmpty(configuration[ManagementTokenKey]) ? null : configuration[ManagementTokenKey],
                Hosts = ConfigValues.ReadList(configuration.GetSection("WebhookFirewall"), "ManagementHosts"),
            },
        };
    }

    /// <summary>The raw values of every restart-only key now, to compare with those at start-up.</summary>
    public static Dictionary<string, string?> RestartOnlyValues(IConfiguration configuration)
    {
        var values = RestartOnlyKeys.ToDictionary(k => k, k => configuration[k], StringComparer.OrdinalIgnoreCase);
        foreach (var limit in configuration.GetSection(KestrelLimitSettings.SectionPath).AsEnumerable())
        {
            values[limit.Key] = limit.Value;
        }

        return values;
    }

    private static IdempotencyStoreOptions ReadIdempotency(IConfiguration configuration, ICollection<ConfigProblem> problems)
    {
        var section = configuration.GetSection(IdempotencySectionPath);
        var store = IdempotencyStoreKind.Memory;
        var storeText = section["Store"];
        if (storeText is not null && !ConfigValues.TryParseName(storeText, out store))
        {
            problems.Add(new ConfigProblem($"{IdempotencySectionPath}:Store", $"'{storeText}' is not Memory or Redis"));
        }

        var connectionString = configuration.GetConnectionString("Redis");
        if (store == IdempotencyStoreKind.Redis && string.IsNullOrWhiteSpace(connectionString))
        {
            problems.Add(new ConfigProblem("ConnectionStrings:Redis", "the Redis idempotency store needs a connection string"));
        }
        else if (!string.IsNullOrWhiteSpace(connectionString))
        {
            RedisConnectionStrings.Check(connectionString, "ConnectionStrings:Redis", problems);
        }

        return new IdempotencyStoreOptions
        {
            Store = store,
            Lease = ConfigValues.ReadTimeSpan(section, "Lease", IdempotencyStoreOptions.DefaultLease, problems, IdempotencyStoreOptions.MaxLease),
            MaxEntries = ConfigValues.ReadCount(section, "MaxEntries", IdempotencyStoreOptions.DefaultMaxEntries, problems),
            KeyPrefix = section["KeyPrefix"] ?? IdempotencyStoreOptions.DefaultKeyPrefix,
            RedisConnectionString = connectionString,
        };
    }

    private static LedgerStoreOptions ReadLedger(IConfiguration configuration, string keyPrefix, ICollection<ConfigProblem> problems)
    {
        var section = configuration.GetSection(LedgerSectionPath);
        var store = LedgerStoreKind.Memory;
        var storeText = section["Store"];
        if (storeText is not null && !ConfigValues.TryParseName(storeText, out store))
        {
            problems.Add(new ConfigProblem($"{LedgerSectionPath}:Store", $"'{storeText}' is not Memory, Redis or None"));
        }

        var connectionString = configuration.GetConnectionString("Redis");
        if (store == LedgerStoreKind.Redis && string.IsNullOrWhiteSpace(connectionString))
        {
            problems.Add(new ConfigProblem("ConnectionStrings:Redis", "the Redis ledger store needs a connection string"));
        }

        var instance = configuration[InstanceNameKey];
        return new LedgerStoreOptions
        {
            Store = store,
            MaxEntries = ConfigValues.ReadCount(section, "MaxEntries", LedgerStoreOptions.DefaultMaxEntries, problems),
            InstanceName = string.IsNullOrWhiteSpace(instance) ? Environment.MachineName : instance,
            // Under the same versioned prefix as the idempotency keys, so one prefix separates deployments sharing a Redis.
            StreamKey = section["StreamKey"] ?? keyPrefix + LedgerStoreOptions.StreamKeySuffix,
            RedisConnectionString = connectionString,
        };
    }
}
