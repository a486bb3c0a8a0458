using System.Globalization;
using System.Text;

namespace WebhookFirewall.Verification.Tests.Support;

/// <summary>
/// How a sender writes text it chose into a request, so that any text — quotes, '&amp;', '+', '#', line breaks, lone
/// surrogates — arrives as itself (or, for what UTF-8 cannot hold, as the replacement character a sender's encoder
/// writes).
/// </summary>
public static class SenderText
{
    /// <summary>A query value: every UTF-8 byte but the unreserved ones percent-encoded.</summary>
    public static string Query(string value)
    {
        var text = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            if (char.IsAsciiLetterOrDigit((char)b) || b is (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~')
            {
                text.Append((char)b);
            }
            else
            {
                text.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return text.ToString();
    }

    /// <summary>A JSON string literal, quotes included: control characters and lone surrogates as `\u` escapes.</summary>
    public static string Json(string value)
    {
        var text = new StringBuilder("\"");
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var paired = char.IsHighSurrogate(c) ? i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])
                : !char.IsLowSurrogate(c) || (i > 0 && char.IsHighSurrogate(value[i - 1]));
            switch (c)
            {
                case '"':
                    text.Append("\\\"");
                    break;
                case '\\':
                    text.Append("\\\\");
                    break;
                case < ' ':
                    text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default:
                    if (paired)
                    {
                        text.Append(c);
                    }
                    else
                    {
                        text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }

                    break;
            }
        }

        return text.Append('"').ToString();
    }
}
