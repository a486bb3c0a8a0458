using System.Collections.Frozen;
using WebhookFirewall.Model;
using WebhookFirewall.Verification;

namespace WebhookFirewall.Configuration;

/// <summary>
/// Reads a policy's `Delivery` section and refuses what cannot work: spooling for a provider that reads the backend's
/// answer (the 202 would replace it), or without a claim (a provider's retry would be spooled a second time).
/// </summary>
internal static class DeliveryReader
{
    private static readonly FrozenSet<string> KnownKeys = new[] { "OnUpstreamFailure", "RetryOn", "MaxAge", "Backoff" }
        .ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenSet<string> KnownBackoffKeys = new[] { "First", "Max" }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenDictionary<string, RetryConditions> Conditions = new Dictionary<string, RetryConditions>(StringComparer.OrdinalIgnoreCase)
    {
        ["connect"] = RetryConditions.Connect,
        ["timeout"] = RetryConditions.Timeout,
        ["5xx"] = RetryConditions.ServerError,
        ["429"] = RetryConditions.TooManyRequests,
        ["408"] = RetryConditions.RequestTimeout,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    public static DeliverySettings Read(IConfigurationSection policy, ProviderInfo? provider, bool idempotent, ICollection<ConfigProblem> problems)
    {
        var section = policy.GetSection("Delivery");
        if (!section.Exists())
        {
            return DeliverySettings.Reject;
        }

        ConfigValues.ReportUnknownKeys(section, KnownKeys, problems);
        ConfigValues.ReportUnknownKeys(section.GetSection("Backoff"), KnownBackoffKeys, problems);
        var action = UpstreamFailureAction.Reject;
        var actionText = section["OnUpstreamFailure"];
        if (actionText is not null && !ConfigValues.TryParseName(actionText, out action))
        {
            problems.Add(new ConfigProblem($"{section.Path}:OnUpstreamFailure", $"'{actionText}' is not Reject or Spool"));
        }

        var retryOn = ReadRetryOn(section, problems);
        var maxAge = ConfigValues.ReadTimeSpan(section, "MaxAge", DeliverySettings.DefaultMaxAge, problems, DeliverySettings.MaxMaxAge);
        var backoff = section.GetSection("Backoff");
        var first = ConfigValues.ReadTimeSpan(backoff, "First", DeliverySettings.DefaultBackoffFirst, problems, DeliverySettings.MaxMaxAge);
        var max = ConfigValues.ReadTimeSpan(backoff, "Max", DeliverySettings.DefaultBackoffMax, problems, DeliverySettings.MaxMaxAge);
        if (first > max)
        {
            problems.Add(new ConfigProblem($"{backoff.Path}:First", $"the first backoff ({first}) is longer than Backoff:Max ({max})"));
        }

        if (action == UpstreamFailureAction.Spool)
        {
            if (provider is { ReplyCarriesBackendAnswer: true })
            {
                problems.Add(new ConfigProblem($"{section.Path}:OnUpstreamFailure",
                    $"provider '{provider.Name}' reads the backend's answer (its reply is the response), so its deliveries cannot be spooled: a 202 would replace that answer"));
            }

            if (!idempotent)
            {
                problems.Add(new ConfigProblem($"{section.Path}:OnUpstreamFailure",
                    "Spool needs Idempotency:Enabled: the spooled delivery's claim is what answers the provider's retries as duplicates instead of spooling them again"));
            }
        }

        return new DeliverySettings(action, retryOn, maxAge, first, max);
    }

    private static RetryConditions ReadRetryOn(IConfigurationSection section, ICollection<ConfigProblem> problems)
    {
        if (!section.GetSection("RetryOn").Exists())
        {
            return RetryConditions.Default;
        }

        var conditions = RetryConditions.None;
        var entries = ConfigValues.ReadList(section, "RetryOn");
        for (var i = 0; i < entries.Count; i++)
        {
            if (Conditions.TryGetValue(entries[i].Trim(), out var condition))
            {
                conditions |= condition;
            }
            else
            {
                problems.Add(new ConfigProblem($"{section.Path}:RetryOn:{i}", $"'{entries[i]}' is not one of {string.Join(", ", Conditions.Keys.Order(StringComparer.Ordinal))}"));
            }
        }

        return conditions;
    }
}
