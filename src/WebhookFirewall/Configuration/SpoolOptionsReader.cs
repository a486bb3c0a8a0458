using WebhookFirewall.Model;

namespace WebhookFirewall.Configuration;

/// <summary>Reads `WebhookFirewall:Spool` (start-up only), collecting every problem with its path.</summary>
internal static class SpoolOptionsReader
{
    private static readonly TimeSpan MaxDeadLetterTtl = TimeSpan.FromDays(90);

    /// <summary>More would only queue on the upstream: redeliveries are for a backend that is coming back.</summary>
    private const int MaxConcurrency = 256;

    public static SpoolOptions Read(IConfiguration configuration, ICollection<ConfigProblem> problems)
    {
        var section = configuration.GetSection(StartupSettings.SpoolSectionPath);
        var store = SpoolStoreKind.Sqlite;
        var storeText = section["Store"];
        if (storeText is not null && !ConfigValues.TryParseName(storeText, out store))
        {
            problems.Add(new ConfigProblem($"{section.Path}:Store", $"'{storeText}' is not Sqlite or Redis"));
        }

        var connectionString = configuration.GetConnectionString("Redis");
        if (store == SpoolStoreKind.Redis && string.IsNullOrWhiteSpace(connectionString))
        {
            problems.Add(new ConfigProblem("ConnectionStrings:Redis", "the Redis spool store needs a connection string"));
        }

        var path = section["Path"];
        if (path is not null && string.IsNullOrWhiteSpace(path))
        {
            problems.Add(new ConfigProblem($"{section.Path}:Path", "is empty: name the spool's SQLite file"));
        }

        var concurrency = ConfigValues.ReadCount(section, "Concurrency", SpoolOptions.DefaultConcurrency, problems);
        if (concurrency > MaxConcurrency)
        {
            problems.Add(new ConfigProblem($"{section.Path}:Concurrency", $"'{concurrency}' is more than {MaxConcurrency}"));
        }

        return new SpoolOptions
        {
            Store = store,
            Path = string.IsNullOrWhiteSpace(path) ? SpoolOptions.DefaultPath : path,
            MaxBytes = ConfigValues.ReadSize(section, "MaxBytes", SpoolOptions.DefaultMaxBytes, long.MaxValue, problems),
            DeadLetterTtl = ConfigValues.ReadTimeSpan(section, "DeadLetterTtl", SpoolOptions.DefaultDeadLetterTtl, problems, MaxDeadLetterTtl),
            Concurrency = concurrency,
            Lease = ConfigValues.ReadTimeSpan(section, "Lease", SpoolOptions.DefaultLease, problems, IdempotencyStoreOptions.MaxLease),
            KeyPrefix = section["KeyPrefix"] ?? SpoolOptions.DefaultKeyPrefix,
            RedisConnectionString = connectionString,
        };
    }
}
