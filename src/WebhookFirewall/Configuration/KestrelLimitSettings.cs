using Microsoft.AspNetCore.Server.Kestrel.Core;
using WebhookFirewall.Model;

namespace WebhookFirewall.Configuration;

/// <summary>
/// Kestrel's limits as the firewall sets them: deliberate defaults for a public webhook endpoint, then the standard
/// `Kestrel:Limits` section on top (a WebApplication does not bind that section by itself, and limits set in code
/// would otherwise win over it). Read once at start-up; Kestrel applies it when it starts.
/// </summary>
internal sealed class KestrelLimitSettings
{
    public const string SectionPath = "Kestrel:Limits";

    public const long DefaultMaxConcurrentConnections = 10_000;

    // `MinDataRate` has no parameterless constructor, so the configuration binder cannot create one: read by hand.
    private static readonly string[] DataRates = ["MinRequestBodyDataRate", "MinResponseDataRate"];

    private readonly IConfigurationRoot _configured;
    private readonly bool _usable;

    private KestrelLimitSettings(IEnumerable<KeyValuePair<string, string?>> configured, bool usable)
    {
        _configured = new ConfigurationBuilder().AddInMemoryCollection(configured).Build();
        _usable = usable;
    }

    /// <summary>An unusable limit is a start-up problem, not an exception when Kestrel starts.</summary>
    public static KestrelLimitSettings Read(IConfiguration configuration, ICollection<ConfigProblem> problems)
    {
        var section = configuration.GetSection(SectionPath);
        var values = section.Exists()
            ? section.AsEnumerable(makePathsRelative: true).Where(pair => pair.Value is not null).ToArray()
            : [];
        var settings = new KestrelLimitSettings(values, usable: true);
        try
        {
            settings.ApplyTo(new KestrelServerOptions().Limits);
            return settings;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException)
        {
            problems.Add(new ConfigProblem(SectionPath, e.Message));
            return new KestrelLimitSettings([], usable: false);
        }
    }

    /// <summary>Webhook senders send a handful of small headers: a request needing more is not a webhook.</summary>
    public void ApplyTo(KestrelServerLimits limits)
    {
        limits.RequestHeadersTimeout = TimeSpan.FromSeconds(10); // slowloris on headers: cut off after 10 s
        limits.MinRequestBodyDataRate = new MinDataRate(bytesPerSecond: 240, gracePeriod: TimeSpan.FromSeconds(5));
        limits.MaxRequestHeadersTotalSize = 32 * 1024;
        limits.MaxRequestHeaderCount = 64;
        limits.MaxRequestLineSize = 8 * 1024;
        limits.KeepAliveTimeout = TimeSpan.FromSeconds(130); // outlasts the usual 120 s load-balancer idle timeout
        // Unlimited by default in Kestrel: each idle connection costs memory, and a flood of them should meet a ceiling.
        limits.MaxConcurrentConnections = DefaultMaxConcurrentConnections;
        if (!_usable)
        {
            return;
        }

        new ConfigurationBuilder()
            .AddInMemoryCollection(_configured.AsEnumerable()
                .Where(pair => pair.Value is not null && !DataRates.Any(rate => pair.Key.StartsWith(rate, StringComparison.OrdinalIgnoreCase))))
            .Build()
            .Bind(limits);

        if (ReadRate(_configured.GetSection("MinRequestBodyDataRate"), limits.MinRequestBodyDataRate) is var body && body.Changed)
        {
            limits.MinRequestBodyDataRate = body.Rate;
        }

        if (ReadRate(_configured.GetSection("MinResponseDataRate"), limits.MinResponseDataRate) is var response && response.Changed)
        {
            limits.MinResponseDataRate = response.Rate;
        }
    }

    /// <summary>`{ "BytesPerSecond": 240, "GracePeriod": "00:00:05" }`, or an empty value to disable the limit.</summary>
    private static (bool Changed, MinDataRate? Rate) ReadRate(IConfigurationSection section, MinDataRate? current)
    {
        if (!section.Exists())
        {
            return (false, current);
        }

        if (section.Value is { Length: 0 })
        {
            return (true, null);
        }

        var bytesPerSecond = section.GetValue("BytesPerSecond", current?.BytesPerSecond ?? 240);
        var grace = section.GetValue("GracePeriod", current?.GracePeriod ?? TimeSpan.FromSeconds(5));
        return (true, new MinDataRate(bytesPerSecond, grace));
    }
}
