namespace WebhookFirewall.Verification.Primitives;

/// <summary>
/// A string as JavaScript's `JSON.stringify` writes it (ECMA-262 §25.5.2.3, QuoteJSONString), for providers that
/// sign a JSON envelope built in JavaScript (Hygraph). It escapes only `"`, `\` and the controls below U+0020 (the
/// short forms \b \f \n \r \t, else `\u00xx` in lower-case hex); everything else, U+007F, `/`, `&lt;`, U+2028 and every
/// non-ASCII character included, stays as it is. System.Text.Json escapes more, so it cannot build these bytes.
/// </summary>
internal static class JsJsonString
{
    /// <summary>Appends <paramref name="utf8"/>, which must be valid UTF-8, as a quoted JSON string.</summary>
    public static void Append(ref PooledBytes content, ReadOnlySpan<byte> utf8)
    {
        content.Append("\""u8);
        var start = 0;
        for (var i = 0; i < utf8.Length; i++)
        {
            var b = utf8[i];
            if (b >= 0x20 && b != '"' && b != '\\')
            {
                continue;
            }

            content.Append(utf8[start..i]);
            switch (b)
            {
                case (byte)'"': content.Append("\\\""u8); break;
                case (byte)'\\': content.Append("\\\\"u8); break;
                case (byte)'\b': content.Append("\\b"u8); break;
                case (byte)'\f': content.Append("\\f"u8); break;
                case (byte)'\n': content.Append("\\n"u8); break;
                case (byte)'\r': content.Append("\\r"u8); break;
                case (byte)'\t': content.Append("\\t"u8); break;
                default:
                    Span<byte> escape = [(byte)'\\', (byte)'u', (byte)'0', (byte)'0', Hex(b >> 4), Hex(b & 0xF)];
                    content.Append(escape);
                    break;
            }

            start = i + 1;
        }

        content.Append(utf8[start..]);
        content.Append("\""u8);
    }

    private static byte Hex(int nibble) => (byte)(nibble < 10 ? '0' + nibble : 'a' + nibble - 10);
}
