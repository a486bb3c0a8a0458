using System.Security.Cryptography;
using System.Text;

namespace WebhookFirewall.Management.Page;

/// <summary>
/// A static HTML document with exactly one inline <c>&lt;script&gt;</c> and one inline <c>&lt;style&gt;</c>, and the
/// Content-Security-Policy sources (<c>'sha256-…'</c>) that allow exactly those two to run and nothing else.
/// </summary>
internal sealed class PageDocument
{
    private PageDocument(byte[] html, string scriptSource, string styleSource)
    {
        Html = html;
        ScriptSource = scriptSource;
        StyleSource = styleSource;
    }

    /// <summary>The bytes to serve (UTF-8, LF line endings, no byte order mark).</summary>
    public ReadOnlyMemory<byte> Html { get; }

    /// <summary>The <c>script-src</c> source for the inline script, quotes included.</summary>
    public string ScriptSource { get; }

    /// <summary>The <c>style-src</c> source for the inline style, quotes included.</summary>
    public string StyleSource { get; }

    public static PageDocument Parse(string html)
    {
        // A browser hashes an inline element's text after its input stream has turned CRLF and CR into LF. Serving
        // text already normalised that way makes the hash below the browser's, whatever line endings a checkout has.
        var text = html.TrimStart('\uFEFF').Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        return new PageDocument(
            Encoding.UTF8.GetBytes(text),
            HashSource(InlineText(text, "script")),
            HashSource(InlineText(text, "style")));
    }

    /// <summary>The CSP hash source of an inline element's exact text: <c>'sha256-' + base64(SHA-256(UTF-8))</c>.</summary>
    public static string HashSource(string inlineText) =>
        "'sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(inlineText))) + "'";

    // The text between "<tag>" and "</tag>". Exactly one such element, written without attributes, so the one hash
    // pinned in the policy covers everything of that kind the page has.
    private static string InlineText(string html, string tag)
    {
        var open = "<" + tag + ">";
        var close = "</" + tag + ">";
        var start = html.IndexOf(open, StringComparison.Ordinal);
        if (start < 0 || Occurrences(html, "<" + tag) != 1 || Occurrences(html, close) != 1)
        {
            throw new InvalidOperationException($"The page must have exactly one {open} element, written without attributes.");
        }

        start += open.Length;
        var end = html.IndexOf(close, start, StringComparison.Ordinal);
        if (end < 0)
        {
            throw new InvalidOperationException($"The page's {open} element is not closed.");
        }

        return html[start..end];
    }

    private static int Occurrences(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.OrdinalIgnoreCase); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.OrdinalIgnoreCase))
        {
            count++;
        }

        return count;
    }
}
