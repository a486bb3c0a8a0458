using System.Buffers;
using System.Text;

namespace WebhookFirewall.Verification.Primitives;

internal static class SigningKeys
{
    /// <summary>
    /// Decodes every secret; records a problem (by index) for each that cannot be decoded, or that decodes to no
    /// bytes at all — an empty HMAC key is one anyone can sign with.
    /// </summary>
    public static byte[][] Decode(IReadOnlyList<string> secrets, SecretDecoding decoding, ICollection<SettingProblem> problems)
    {
        var keys = new byte[secrets.Count][];
        for (var i = 0; i < secrets.Count; i++)
        {
            keys[i] = Decode(secrets[i], decoding, $"Secrets:{i}", problems);
        }

        return keys;
    }

    /// <summary>As <see cref="Decode(IReadOnlyList{string}, SecretDecoding, ICollection{SettingProblem})"/> for secrets chosen by key id; problems by `KeyedSecrets:{index}:Secret`.</summary>
    public static byte[][] Decode(IReadOnlyList<KeyedSecret> secrets, SecretDecoding decoding, ICollection<SettingProblem> problems)
    {
        var keys = new byte[secrets.Count][];
        for (var i = 0; i < secrets.Count; i++)
        {
            keys[i] = Decode(secrets[i].Secret ?? string.Empty, decoding, $"KeyedSecrets:{i}:Secret", problems);
        }

        return keys;
    }

    public static byte[] Decode(string secret, SecretDecoding decoding, string key, ICollection<SettingProblem> problems)
    {
        var decoded = decoding switch
        {
            SecretDecoding.Utf8 => Encoding.UTF8.GetBytes(secret),
            SecretDecoding.WhsecBase64 => FromBase64(secret.StartsWith("whsec_", StringComparison.Ordinal) ? secret["whsec_".Length..] : secret),
            SecretDecoding.Base64 => FromBase64(secret),
            SecretDecoding.WordPressEntities => Encoding.UTF8.GetBytes(WordPressEntities.Decode(secret)),
            _ => FromHex(secret),
        };
        if (decoded is null)
        {
            problems.Add(new SettingProblem(key, decoding switch
            {
                SecretDecoding.WhsecBase64 => "is not a base64 signing secret (expected 'whsec_' followed by base64)",
                SecretDecoding.Base64 => "is not base64",
                _ => "is not hex digits",
            }));
            return [];
        }

        if (decoded.Length == 0)
        {
            problems.Add(new SettingProblem(key, "decodes to an empty key, with which anyone could sign"));
        }

        return decoded;
    }

    private static byte[]? FromBase64(string encoded)
    {
        var buffer = new byte[encoded.Length];
        return Convert.TryFromBase64String(encoded, buffer, out var written) ? buffer[..written] : null;
    }

    private static byte[]? FromHex(string encoded)
    {
        var buffer = new byte[encoded.Length / 2];
        return encoded.Length % 2 == 0 && Convert.FromHexString(encoded, buffer, out _, out var written) == OperationStatus.Done
            ? buffer[..written]
            : null;
    }
}
