using System.Text;

namespace WebhookFirewall.Verification.Primitives;

/// <summary>
/// WordPress's `wp_specialchars_decode($text, ENT_QUOTES)` (WordPress/wordpress-develop,
/// src/wp-includes/formatting.php): `&amp;`, `&lt;`, `&gt;`, `&quot;` and the numeric forms of `'`, `"`, `&lt;`,
/// `&gt;` and `&amp;` (any zero padding; hexadecimal only for `'`, `"` and `&amp;`) read back once, left to right,
/// and no other entity: a key decoded any further than WordPress decodes it would never match.
/// </summary>
internal static class WordPressEntities
{
    public static string Decode(string text)
    {
        if (!text.Contains('&', StringComparison.Ordinal))
        {
            return text;
        }

        var decoded = new StringBuilder(text.Length);
        var position = 0;
        while (position < text.Length)
        {
            if (text[position] == '&' && TryRead(text.AsSpan(position), out var character, out var length))
            {
                decoded.Append(character);
                position += length;
            }
            else
            {
                decoded.Append(text[position++]);
            }
        }

        return decoded.ToString();
    }

    /// <summary>The entity at the start of <paramref name="text"/> (which starts with '&amp;'), if it is one WordPress reads.</summary>
    private static bool TryRead(ReadOnlySpan<char> text, out char character, out int length)
    {
        foreach (var (name, value) in (ReadOnlySpan<(string, char)>)[("&amp;", '&'), ("&lt;", '<'), ("&gt;", '>'), ("&quot;", '"')])
        {
            if (text.StartsWith(name, StringComparison.Ordinal))
            {
                (character, length) = (value, name.Length);
                return true;
            }
        }

        character = default;
        length = 0;
        if (text.Length < 3 || text[1] != '#')
        {
            return false;
        }

        var hexadecimal = text[2] is 'x' or 'X';
        var digits = hexadecimal ? 3 : 2;
        while (digits < text.Length && text[digits] == '0')
        {
            digits++;
        }

        // Exactly two significant digits and the ';': `&#39;`, `&#0039;`, `&#x27;`, `&#X0027;` ...
        if (digits + 2 >= text.Length || text[digits + 2] != ';')
        {
            return false;
        }

        var number = text.Slice(digits, 2);
        character = hexadecimal
            ? number switch { "27" => '\'', "22" => '"', "26" => '&', _ => default }
            : number switch { "39" => '\'', "34" => '"', "60" => '<', "62" => '>', "38" => '&', _ => default };
        length = digits + 3;
        return character != default;
    }
}
