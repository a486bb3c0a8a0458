namespace WebhookFirewall.Verification.Primitives;

/// <summary>
/// What every configured secret must be. Trimming silently would verify with a key other than the one configured;
/// an empty one is a key anyone can sign with.
/// </summary>
internal static class SecretRules
{
    public static void Check(string? secret, string key, ICollection<SettingProblem> problems)
    {
        if (string.IsNullOrEmpty(secret))
        {
            problems.Add(new SettingProblem(key, "is empty"));
        }
        else if (char.IsWhiteSpace(secret[^1]))
        {
            problems.Add(new SettingProblem(key, secret[^1] is '\n' or '\r'
                ? "ends with a newline (common in secret files): remove it, it would be part of the key"
                : "ends with whitespace: remove it, it would be part of the key"));
        }
        else if (char.IsWhiteSpace(secret[0]))
        {
            problems.Add(new SettingProblem(key, "starts with whitespace: remove it, it would be part of the key"));
        }
    }
}
