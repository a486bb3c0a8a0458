namespace WebhookFirewall.Verification;

/// <summary>A problem with one provider setting: <see cref="Key"/> is relative to the policy (e.g. "Secrets:0").</summary>
public readonly record struct SettingProblem(string Key, string Message);
