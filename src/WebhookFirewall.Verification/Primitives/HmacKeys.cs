using System.Security.Cryptography;

namespace WebhookFirewall.Verification.Primitives;

/// <summary>Which configured key produced a presented MAC, compared in constant time.</summary>
internal static class HmacKeys
{
    /// <summary>
    /// Index of the first key whose MAC of <paramref name="content"/> equals one of the <paramref name="presented"/>
    /// MACs (laid end to end, each the algorithm's size), or -1. Each key's MAC is computed once, however many MACs are
    /// presented, so a padded signature list costs an unauthenticated sender no extra hashing of the content.
    /// </summary>
    public static int IndexOfMatch(HmacAlgorithm algorithm, byte[][] keys, ReadOnlySpan<byte> content, ReadOnlySpan<byte> presented)
    {
        Span<byte> expected = stackalloc byte[Hmac.MaxSizeInBytes];
        for (var i = 0; i < keys.Length; i++)
        {
            var size = Hmac.Compute(algorithm, keys[i], content, expected);
            for (var offset = 0; offset + size <= presented.Length; offset += size)
            {
                if (CryptographicOperations.FixedTimeEquals(expected[..size], presented.Slice(offset, size)))
                {
                    return i;
                }
            }
        }

        return -1;
    }
}
