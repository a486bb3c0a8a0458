using System.Buffers;
using System.Text.Unicode;

namespace WebhookFirewall.Verification.Primitives;

/// <summary>
/// An `application/x-www-form-urlencoded` body decoded the way web frameworks decode it (`+` is a space, `%XX` a
/// byte, a malformed escape stays as written, a field without `=` has an empty value, empty fields are skipped). The
/// decoded bytes and field positions live in pooled arrays: Dispose returns them.
/// </summary>
internal ref struct FormFields
{
    private byte[] _decoded;
    private Field[] _fields;

    private FormFields(byte[] decoded, Field[] fields, int count)
    {
        _decoded = decoded;
        _fields = fields;
        Count = count;
    }

    public int Count { get; private set; }

    public readonly ReadOnlySpan<byte> Name(int index) => _decoded.AsSpan(_fields[index].NameStart, _fields[index].NameLength);

    public readonly ReadOnlySpan<byte> Value(int index) => _decoded.AsSpan(_fields[index].ValueStart, _fields[index].ValueLength);

    public static FormParseStatus Parse(ReadOnlySpan<byte> body, int maxFields, out FormFields form)
    {
        var decoded = ArrayPool<byte>.Shared.Rent(Math.Max(body.Length, 1));
        var fields = ArrayPool<Field>.Shared.Rent(Math.Min(maxFields, CountSeparators(body) + 1));
        form = new FormFields(decoded, fields, 0);
        var written = 0;
        var count = 0;
        foreach (var range in body.Split((byte)'&'))
        {
            var pair = body[range];
            if (pair.IsEmpty)
            {
                continue;
            }

            if (count == maxFields)
            {
                form.Count = count;
                return FormParseStatus.TooManyFields;
            }

            var equals = pair.IndexOf((byte)'=');
            var nameStart = written;
            written += Decode(equals < 0 ? pair : pair[..equals], decoded.AsSpan(written));
            var valueStart = written;
            written += equals < 0 ? 0 : Decode(pair[(equals + 1)..], decoded.AsSpan(written));
            var field = new Field(nameStart, valueStart - nameStart, valueStart, written - valueStart);
            if (!Utf8.IsValid(decoded.AsSpan(nameStart, written - nameStart)) || !Utf8.IsValid(decoded.AsSpan(valueStart, written - valueStart)))
            {
                form.Count = count;
                return FormParseStatus.InvalidUtf8;
            }

            fields[count++] = field;
        }

        form.Count = count;
        return FormParseStatus.Parsed;
    }

    /// <summary>Every field named <paramref name="name"/>: missing, exactly one (with its value), or several.</summary>
    public readonly HeaderPresence Find(ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value)
    {
        value = default;
        var presence = HeaderPresence.Missing;
        for (var i = 0; i < Count; i++)
        {
            if (!Name(i).SequenceEqual(name))
            {
                continue;
            }

            if (presence == HeaderPresence.Single)
            {
                value = default;
                return HeaderPresence.Multiple;
            }

            presence = HeaderPresence.Single;
            value = Value(i);
        }

        return presence;
    }

    /// <summary>
    /// Orders fields by name, then value, comparing UTF-8 bytes: the same as Unicode code point order, which is how
    /// Python's `sorted` orders the strings Twilio's reference validator signs.
    /// </summary>
    public readonly void SortByNameThenValue() => _fields.AsSpan(0, Count).Sort(new NameThenValue(_decoded));

    /// <summary>Every field's name immediately followed by its value, in the current order, without separators, as Mandrill and Plivo sign POST parameters.</summary>
    public readonly void AppendNamesAndValues(ref PooledBytes content)
    {
        for (var i = 0; i < Count; i++)
        {
            content.Append(Name(i));
            content.Append(Value(i));
        }
    }

    /// <summary>
    /// The base64 HMAC-SHA1 under <paramref name="key"/> of <paramref name="url"/> followed by the fields' names and
    /// values in the current order (or the URL alone without <paramref name="withFields"/>): what Twilio and Mandrill
    /// sign, made the way their SDKs make it.
    /// </summary>
    public readonly string SignWithUrl(ReadOnlySpan<byte> key, string url, bool withFields, int sizeHint)
    {
        var content = new PooledBytes(url.Length + sizeHint);
        try
        {
            content.AppendUtf8(url);
            if (withFields)
            {
                AppendNamesAndValues(ref content);
            }

            Span<byte> mac = stackalloc byte[System.Security.Cryptography.HMACSHA1.HashSizeInBytes];
            Hmac.Compute(HmacAlgorithm.Sha1, key, content.Written, mac);
            return Convert.ToBase64String(mac);
        }
        finally
        {
            content.Dispose();
        }
    }

    public void Dispose()
    {
        if (_decoded.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_decoded);
            ArrayPool<Field>.Shared.Return(_fields);
            _decoded = [];
            _fields = [];
            Count = 0;
        }
    }

    private static int CountSeparators(ReadOnlySpan<byte> body) => body.Count((byte)'&');

    private static int Decode(ReadOnlySpan<byte> encoded, Span<byte> destination)
    {
        var written = 0;
        for (var i = 0; i < encoded.Length; i++)
        {
            var b = encoded[i];
            if (b == '+')
            {
                destination[written++] = (byte)' ';
            }
            else if (b == '%' && i + 2 < encoded.Length && IsHex(encoded[i + 1]) && IsHex(encoded[i + 2]))
            {
                destination[written++] = (byte)((HexValue(encoded[i + 1]) << 4) | HexValue(encoded[i + 2]));
                i += 2;
            }
            else
            {
                destination[written++] = b;
            }
        }

        return written;
    }

    private static bool IsHex(byte b) => char.IsAsciiHexDigit((char)b);

    private static int HexValue(byte b) => b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10;

    private readonly record struct Field(int NameStart, int NameLength, int ValueStart, int ValueLength);

    private readonly struct NameThenValue(byte[] decoded) : IComparer<Field>
    {
        public int Compare(Field x, Field y)
        {
            var byName = decoded.AsSpan(x.NameStart, x.NameLength).SequenceCompareTo(decoded.AsSpan(y.NameStart, y.NameLength));
            return byName != 0 ? byName : decoded.AsSpan(x.ValueStart, x.ValueLength).SequenceCompareTo(decoded.AsSpan(y.ValueStart, y.ValueLength));
        }
    }
}
