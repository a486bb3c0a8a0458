using System.Security.Cryptography;

namespace WebhookFirewall.Verification.Primitives;

internal static class Hmac
{
    /// <summary>Largest MAC any supported algorithm produces: size stack buffers with it.</summary>
    public const int MaxSizeInBytes = 64;

    public static int SizeInBytes(HmacAlgorithm algorithm) => algorithm switch
    {
        HmacAlgorithm.Sha1 => HMACSHA1.HashSizeInBytes,
        HmacAlgorithm.Sha256 => HMACSHA256.HashSizeInBytes,
        HmacAlgorithm.Sha512 => HMACSHA512.HashSizeInBytes,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
    };

    /// <summary>One-shot MAC into <paramref name="destination"/>; allocation-free.</summary>
    public static int Compute(HmacAlgorithm algorithm, ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, Span<byte> destination) => algorithm switch
    {
        // Twilio, Intercom, Vercel and others still sign with SHA-1; it is the provider's choice, not ours.
#pragma warning disable CA5350
        HmacAlgorithm.Sha1 => HMACSHA1.HashData(key, data, destination),
#pragma warning restore CA5350
        HmacAlgorithm.Sha256 => HMACSHA256.HashData(key, data, destination),
        HmacAlgorithm.Sha512 => HMACSHA512.HashData(key, data, destination),
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
    };

    /// <summary>
    /// The policy's `Algorithm` (sha1|sha256|sha512), or <paramref name="unset"/> when it sets none; a problem is
    /// recorded for any other value.
    /// </summary>
    public static HmacAlgorithm FromSetting(string? setting, HmacAlgorithm unset, ICollection<SettingProblem> problems)
    {
        if (setting is null)
        {
            return unset;
        }

        if (TryParse(setting, out var algorithm))
        {
            return algorithm;
        }

        problems.Add(new SettingProblem("Algorithm", $"'{setting}' is not one of sha1, sha256, sha512"));
        return unset;
    }

    public static bool TryParse(string? text, out HmacAlgorithm algorithm)
    {
        switch (text?.ToLowerInvariant())
        {
            case "sha1": algorithm = HmacAlgorithm.Sha1; return true;
            case "sha256": algorithm = HmacAlgorithm.Sha256; return true;
            case "sha512": algorithm = HmacAlgorithm.Sha512; return true;
            default: algorithm = default; return false;
        }
    }
}
