using System.Net;
using WebhookFirewall.Model;

namespace WebhookFirewall.Configuration;

/// <summary>Reads `TrustedProxies`, `SourceRanges` and `RateLimiting:Policies`, collecting every problem with its path.</summary>
internal static class AdmissionReader
{
    public const string SourceRangesPath = "WebhookFirewall:SourceRanges";
    public const string RateLimitPoliciesPath = "WebhookFirewall:RateLimiting:Policies";

    public static AdmissionSettings Read(IConfiguration configuration, ICollection<ConfigProblem> problems)
    {
        var trusted = ReadNetworks(configuration.GetSection("WebhookFirewall:TrustedProxies"), problems);
        var ranges = new Dictionary<string, NetworkList>(StringComparer.OrdinalIgnoreCase);
        foreach (var set in configuration.GetSection(SourceRangesPath).GetChildren())
        {
            // Either a plain list, or { "Source": ..., "Retrieved": ..., "Ranges": [...] } as shipped in config/.
            var list = set.GetSection("Ranges").Exists() ? set.GetSection("Ranges") : set;
            ranges[set.Key] = ReadNetworks(list, problems);
        }

        var limits = new Dictionary<string, RateLimitDefinition>(StringComparer.OrdinalIgnoreCase);
        foreach (var policy in configuration.GetSection(RateLimitPoliciesPath).GetChildren())
        {
            if (RouteBindingReader.IsReservedRateLimiterName(policy.Key))
            {
                // YARP reads these names on a route as "no rate limit": a definition under one would never be enforced.
                problems.Add(new ConfigProblem(policy.Path, $"'{policy.Key}' is one of YARP's reserved rate-limiter names (Default, Disable), which mean no limit on a route: name the definition differently"));
                continue;
            }

            if (ReadRateLimit(policy, problems) is { } definition)
            {
                limits[policy.Key] = definition;
            }
        }

        return new AdmissionSettings(trusted, ranges, limits);
    }

    /// <summary>`AllowedSources`: CIDR ranges, single addresses and names of shipped ranges, mixed.</summary>
    public static NetworkList? ReadAllowedSources(IConfigurationSection policy, AdmissionSettings admission, ICollection<ConfigProblem> problems)
    {
        var section = policy.GetSection("AllowedSources");
        var entries = ConfigValues.ReadList(policy, "AllowedSources");
        if (entries.Count == 0)
        {
            return null;
        }

        var networks = new List<IPNetwork>();
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            if (admission.SourceRanges.TryGetValue(entry, out var named))
            {
                networks.AddRange(named.Networks);
            }
            else if (NetworkList.TryParseEntry(entry, out var network))
            {
                networks.Add(network);
            }
            else
            {
                problems.Add(new ConfigProblem($"{section.Path}:{i}", $"'{entry}' is neither a CIDR range, an address, nor a named range under {SourceRangesPath} (known: {string.Join(", ", admission.SourceRanges.Keys.Order(StringComparer.Ordinal))})"));
            }
        }

        return new NetworkList(networks);
    }

    private static NetworkList ReadNetworks(IConfigurationSection section, ICollection<ConfigProblem> problems)
    {
        var networks = new List<IPNetwork>();
        foreach (var child in section.Value is not null ? [section] : section.GetChildren())
        {
            if (child.Value is null)
            {
                continue;
            }

            if (NetworkList.TryParseEntry(child.Value, out var network))
            {
                networks.Add(network);
            }
            else
            {
                problems.Add(new ConfigProblem(child.Path, $"'{child.Value}' is not a CIDR range (e.g. 10.0.0.0/8) or an address"));
            }
        }

        return new NetworkList(networks);
    }

    private static RateLimitDefinition? ReadRateLimit(IConfigurationSection section, ICollection<ConfigProblem> problems)
    {
        var before = problems.Count;
        var kindText = section["Kind"];
        if (!ConfigValues.TryParseName<RateLimitKind>(kindText, out var kind))
        {
            problems.Add(new ConfigProblem($"{section.Path}:Kind", $"'{kindText}' is not FixedWindow or TokenBucket"));
            return null;
        }

        var partition = RateLimitPartitioning.Route;
        var partitionText = section["PartitionBy"];
        if (partitionText is not null && !ConfigValues.TryParseName(partitionText, out partition))
        {
            problems.Add(new ConfigProblem($"{section.Path}:PartitionBy", $"'{partitionText}' is not Route or ClientAddress"));
        }

        var queue = ConfigValues.ReadNonNegative(section, "QueueLimit", 0, problems);
        var definition = kind == RateLimitKind.FixedWindow
            ? new RateLimitDefinition(section.Key, kind, partition,
                Required(section, "PermitLimit", problems), RequiredTime(section, "Window", problems), queue, 0, 0, TimeSpan.Zero)
            : new RateLimitDefinition(section.Key, kind, partition, 0, TimeSpan.Zero, queue,
                Required(section, "TokenLimit", problems), Required(section, "TokensPerPeriod", problems), RequiredTime(section, "ReplenishmentPeriod", problems));
        return problems.Count > before ? null : definition;
    }

    private static int Required(IConfigurationSection section, string key, ICollection<ConfigProblem> problems)
    {
        if (section[key] is null)
        {
            problems.Add(new ConfigProblem($"{section.Path}:{key}", $"rate-limit policy '{section.Key}' needs {key}"));
            return 0;
        }

        return ConfigValues.ReadCount(section, key, 0, problems);
    }

    private static TimeSpan RequiredTime(IConfigurationSection section, string key, ICollection<ConfigProblem> problems)
    {
        if (section[key] is null)
        {
            problems.Add(new ConfigProblem($"{section.Path}:{key}", $"rate-limit policy '{section.Key}' needs {key}"));
            return TimeSpan.Zero;
        }

        return ConfigValues.ReadTimeSpan(section, key, TimeSpan.Zero, problems);
    }
}
