using System.Text;

namespace WebhookFirewall.Verification.Primitives;

/// <summary>
/// JavaScript's URI escaping, for providers whose SDKs sign a URI as JavaScript escapes it (Contentful):
/// `encodeURI` (ECMA-262 §19.2.6.2) and Node's `querystring.escape`, which leaves the same characters as
/// `encodeURIComponent` (§19.2.6.4). Everything else is written as the percent-escaped UTF-8 bytes, upper-case hex —
/// `%` included, so an escape already in the text is escaped again.
/// </summary>
internal static class JsUriEncoding
{
    // encodeURI leaves ASCII letters and digits, uriReserved, uriMark and '#'.
    private const string UriKept = ";/?:@&=+$,-_.!~*'()#";

    // encodeURIComponent and querystring.escape leave ASCII letters and digits and uriMark.
    private const string ComponentKept = "-_.!~*'()";

    private const string UpperHex = "0123456789ABCDEF";

    /// <summary>`encodeURI(text)`; false where JavaScript throws (a lone surrogate).</summary>
    public static bool TryEncodeUri(ReadOnlySpan<char> text, out string encoded) => TryEscape(text, UriKept, out encoded);

    /// <summary>`querystring.escape(text)`; false where Node throws (a lone surrogate).</summary>
    public static bool TryEscapeComponent(ReadOnlySpan<char> text, out string encoded) => TryEscape(text, ComponentKept, out encoded);

    private static bool TryEscape(ReadOnlySpan<char> text, string kept, out string encoded)
    {
        encoded = string.Empty;
        var builder = new StringBuilder(text.Length * 3);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsAsciiLetterOrDigit(c) || kept.Contains(c, StringComparison.Ordinal))
            {
                builder.Append(c);
                continue;
            }

            Rune rune;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                rune = new Rune(c, text[++i]);
            }
            else if (!Rune.TryCreate(c, out rune))
            {
                return false;
            }

            var length = rune.EncodeToUtf8(utf8);
            foreach (var b in utf8[..length])
            {
                builder.Append('%').Append(UpperHex[b >> 4]).Append(UpperHex[b & 0xF]);
            }
        }

        encoded = builder.ToString();
        return true;
    }
}
