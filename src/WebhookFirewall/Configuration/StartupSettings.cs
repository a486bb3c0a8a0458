using WebhookFirewall.Model;

namespace WebhookFirewall.Configuration;

/// <summary>
/// The settings read once, at start-up, and only here: the idempotency store, its Redis connection, the management
/// listener, Kestrel's limits and the runtime meters. Everything else reloads with the snapshot.
/// </summary>
internal sealed record StartupSettings
{
    public const string IdempotencySectionPath = "WebhookFirewall:Idempotency";
    public const string SpoolSectionPath = "WebhookFirewall:Spool";
    public const string ManagementUrlKey = "WebhookFirewall:ManagementUrl";
    public const string DefaultManagementUrl = "http://127.0.0.1:9090";

    /// <summary>The keys a reload cannot apply (Kestrel's limits come on top): a change to one is logged as needing a restart.</summary>
    private static readonly string[] RestartOnlyKeys =
    [
        IdempotencySectionPath + ":Store",
        IdempotencySectionPath + ":Lease",
        IdempotencySectionPath + ":MaxEntries",
        IdempotencySectionPath + ":KeyPrefix",
        "ConnectionStrings:Redis",
        ManagementUrlKey,
        SpoolSectionPath + ":Store",
        SpoolSectionPath + ":Path",
        SpoolSectionPath + ":MaxBytes",
        SpoolSectionPath + ":DeadLetterTtl",
        SpoolSectionPath + ":Concurrency",
        SpoolSectionPath + ":Lease",
        SpoolSectionPath + ":KeyPrefix",
    ];

    public required IdempotencyStoreOptions Idempotency { get; init; }

    /// <summary>The spool's store and limits; used only when some policy spools (or a spool file is already there).</summary>
    public SpoolOptions Spool { get; init; } = new();

    /// <summary>Where the management listener binds; null when it is disabled (an empty value).</summary>
    public string? ManagementUrl { get; init; }

    public required KestrelLimitSettings KestrelLimits { get; init; }

    /// <summary>`WebhookFirewall:Metrics:RuntimeMeters`: false exports only the firewall's own metrics.</summary>
    public bool RuntimeMeters { get; init; } = true;

    public static StartupSettings Read(IConfiguration configuration, ICollection<ConfigProblem> problems)
    {
        var managementUrl = configuration[ManagementUrlKey] ?? DefaultManagementUrl;
        return new StartupSettings
        {
            Idempotency = ReadIdempotency(configuration, problems),
            Spool = SpoolOptionsReader.Read(configuration, problems),
            ManagementUrl = string.IsNullOrWhiteSpace(managementUrl) ? null : managementUrl,
            KestrelLimits = KestrelLimitSettings.Read(configuration, problems),
            RuntimeMeters = ConfigValues.ReadBool(configuration.GetSection("WebhookFirewall:Metrics"), "RuntimeMeters", true, problems),
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

        return new IdempotencyStoreOptions
        {
            Store = store,
            Lease = ConfigValues.ReadTimeSpan(section, "Lease", IdempotencyStoreOptions.DefaultLease, problems, IdempotencyStoreOptions.MaxLease),
            MaxEntries = ConfigValues.ReadCount(section, "MaxEntries", IdempotencyStoreOptions.DefaultMaxEntries, problems),
            KeyPrefix = section["KeyPrefix"] ?? IdempotencyStoreOptions.DefaultKeyPrefix,
            RedisConnectionString = connectionString,
        };
    }
}
