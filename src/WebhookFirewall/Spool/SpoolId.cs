using System.Security.Cryptography;

namespace WebhookFirewall.Spool;

/// <summary>
/// A spool entry's id: a ULID (48 bits of Unix milliseconds, then 80 random bits, 26 Crockford base-32 characters), so
/// ids sort by the time they were spooled — the ledger's id format, so a ledger entry can carry it as its `spoolId`.
/// </summary>
internal static class SpoolId
{
    public const int Length = 26;

    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public static string New(DateTimeOffset at)
    {
        Span<byte> random = stackalloc byte[10];
        RandomNumberGenerator.Fill(random);
        UInt128 value = (UInt128)((ulong)at.ToUnixTimeMilliseconds() & 0xFFFF_FFFF_FFFF) << 80;
        for (var i = 0; i < random.Length; i++)
        {
            value |= (UInt128)random[i] << (8 * (random.Length - 1 - i));
        }

        return string.Create(Length, value, static (span, v) =>
        {
            for (var i = Length - 1; i >= 0; i--)
            {
                span[i] = Alphabet[(int)(v & 31)];
                v >>= 5;
            }
        });
    }

    /// <summary>Whether <paramref name="text"/> looks like an id (checked before any store is asked).</summary>
    public static bool IsWellFormed(string text)
    {
        if (text.Length != Length || text[0] > '7')
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!Alphabet.Contains(c, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
