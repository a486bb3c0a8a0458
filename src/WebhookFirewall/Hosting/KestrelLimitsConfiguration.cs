using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace WebhookFirewall.Hosting;

/// <summary>
/// Applies the standard `Kestrel:Limits` section. The data-rate limits are read by hand: `MinDataRate` has no
/// parameterless constructor, so the configuration binder cannot create one.
/// </summary>
internal static class KestrelLimitsConfiguration
{
    private static readonly string[] DataRates = ["MinRequestBodyDataRate", "MinResponseDataRate"];

    /// <summary>Start-up check: an unusable limit is a config problem, not an exception when Kestrel starts.</summary>
    public static void Validate(IConfigurationSection section, ICollection<Configuration.ConfigProblem> problems)
    {
        try
        {
            Apply(section, new KestrelServerOptions().Limits);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException)
        {
            problems.Add(new Configuration.ConfigProblem(section.Path, e.Message));
        }
    }

    public static void Apply(IConfigurationSection section, KestrelServerLimits limits)
    {
        if (!section.Exists())
        {
            return;
        }

        var plain = new ConfigurationBuilder()
            .AddInMemoryCollection(section.AsEnumerable(makePathsRelative: true)
                .Where(pair => pair.Value is not null && !DataRates.Any(rate => pair.Key.StartsWith(rate, StringComparison.OrdinalIgnoreCase))))
            .Build();
        plain.Bind(limits);

        if (ReadRate(section.GetSection("MinRequestBodyDataRate"), limits.MinRequestBodyDataRate) is var body && body.Changed)
        {
            limits.MinRequestBodyDataRate = body.Rate;
        }

        if (ReadRate(section.GetSection("MinResponseDataRate"), limits.MinResponseDataRate) is var response && response.Changed)
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
