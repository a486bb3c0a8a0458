using System.Buffers.Binary;

namespace WebhookFirewall.Ledger;

/// <summary>
/// A ULID: 48 bits of Unix milliseconds then 80 random bits, written as 26 Crockford base-32 characters, so ids sort by
/// time as text. Two longs, not a string: an entry keeps 16 bytes, and the text is made only when it is shown.
/// </summary>
internal readonly record struct LedgerId(ulong High, ulong Low) : IComparable<LedgerId>
{
    public const int Length = 26;

    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public long Milliseconds => (long)(High >> 16);

    public static LedgerId New(DateTimeOffset at)
    {
        // Not a secret: ids are read through the management token; they only need to be unique.
        Span<byte> random = stackalloc byte[10];
        Random.Shared.NextBytes(random);
        var ms = (ulong)at.ToUnixTimeMilliseconds() & 0xFFFF_FFFF_FFFF;
        return new LedgerId((ms << 16) | BinaryPrimitives.ReadUInt16BigEndian(random), BinaryPrimitives.ReadUInt64BigEndian(random[2..]));
    }

    public static bool TryParse(ReadOnlySpan<char> text, out LedgerId id)
    {
        id = default;
        if (text.Length != Length || Value(text[0]) > 7)
        {
            return false;
        }

        // 26 characters of 5 bits = 130 bits; the first character carries only the top 3 bits of 128.
        UInt128 value = 0;
        foreach (var c in text)
        {
            var digit = Value(c);
            if (digit < 0)
            {
                return false;
            }

            value = (value << 5) | (uint)digit;
        }

        id = new LedgerId((ulong)(value >> 64), (ulong)value);
        return true;
    }

    public static LedgerId Parse(string text) => TryParse(text, out var id) ? id : throw new FormatException($"'{text}' is not a ULID");

    public bool TryFormat(Span<char> destination, out int written)
    {
        written = 0;
        if (destination.Length < Length)
        {
            return false;
        }

        var value = ((UInt128)High << 64) | Low;
        for (var i = Length - 1; i >= 0; i--)
        {
            destination[i] = Alphabet[(int)(value & 31)];
            value >>= 5;
        }

        written = Length;
        return true;
    }

    public override string ToString() => string.Create(Length, this, static (span, id) => id.TryFormat(span, out _));

    public int CompareTo(LedgerId other) => High != other.High ? High.CompareTo(other.High) : Low.CompareTo(other.Low);

    private static int Value(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'A' and <= 'H' => c - 'A' + 10,
        'J' or 'K' => c - 'J' + 18,
        'M' or 'N' => c - 'M' + 20,
        >= 'P' and <= 'T' => c - 'P' + 22,
        >= 'V' and <= 'Z' => c - 'V' + 27,
        >= 'a' and <= 'z' => Value((char)(c - 32)),
        _ => -1,
    };
}
