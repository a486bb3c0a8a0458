using WebhookFirewall.Model;

namespace WebhookFirewall.Configuration;

/// <summary>
/// A provider that re-sends the same signed message for longer than the policy's window (AWS SNS, for an hour) has its
/// late retries refused as timestamp_out_of_window: allowed, but the operator should know it is a choice.
/// </summary>
internal static class ReplayWindowWarnings
{
    public static IEnumerable<ConfigProblem> For(PolicySet policies)
    {
        foreach (var (name, policy) in policies.Policies)
        {
            var horizon = policy.Verifier.Info.RetryHorizon;
            if (policy.Verifier.SignsTimestamp && horizon is { } retries && policy.ReplayWindow < retries)
            {
                yield return new ConfigProblem(
                    $"{PolicyReader.PoliciesPath}:{name}:ReplayWindow",
                    string.Create(System.Globalization.CultureInfo.InvariantCulture, $"policy '{name}': its ReplayWindow {policy.ReplayWindow:c} is shorter than {policy.Provider}'s retry horizon {retries:c}: the provider re-sends the same signed message that long, and retries later than the window are refused as timestamp_out_of_window"));
            }
        }
    }
}
