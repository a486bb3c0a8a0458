using System.Text;

namespace WebhookFirewall.Verification.Primitives;

/// <summary>How a provider turns the configured secret string into HMAC key bytes.</summary>
public enum SecretDecoding
{
    /// <summary>The secret's UTF-8 bytes, whatever it looks like (GitHub, Stripe's whole `whsec_...`, Paddle, PagerDuty).</summary>
    Utf8,

    /// <summary>Base64 after an optional `whsec_` prefix (Standard Webhooks, Svix).</summary>
    WhsecBase64,
}

public static class SigningKeys
{
    /// <summary>Decodes every secret; records a problem (by index) for each that cannot be decoded.</summary>
    public static byte[][] Decode(IReadOnlyList<string> secrets, SecretDecoding decoding, ICollection<SettingProblem> problems)
    {
        var keys = new byte[secrets.Count][];
        for (var i = 0; i < secrets.Count; i++)
        {
            keys[i] = Decode(secrets[i], decoding, i, problems);
        }

        return keys;
    }

    private static byte[] Decode(string secret, SecretDecoding decoding, int index, ICollection<SettingProblem> problems)
    {
        if (decoding == SecretDecoding.Utf8)
        {
            return Encoding.UTF8.GetBytes(secret);
        }

        var encoded = secret.StartsWith("whsec_", StringComparison.Ordinal) ? secret["whsec_".Length..] : secret;
        var buffer = new byte[encoded.Length];
        if (encoded.Length == 0 || !Convert.TryFromBase64String(encoded, buffer, out var written))
        {
            problems.Add(new SettingProblem($"Secrets:{index}", "is not a base64 signing secret (expected 'whsec_' followed by base64)"));
            return [];
        }

        return buffer[..written];
    }
}
