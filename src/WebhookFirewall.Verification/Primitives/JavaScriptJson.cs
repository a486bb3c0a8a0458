using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace WebhookFirewall.Verification.Primitives;

/// <summary>
/// `JSON.stringify(JSON.parse(text))` as Node computes it, byte for byte: what eBay's SDKs verify its signature over
/// (the body is parsed by the web framework, then serialised again). Members keep their order, except that names
/// which are array indices come first in ascending order, as in any JavaScript object; strings are written with
/// JavaScript's escapes; numbers as JavaScript prints them.
/// </summary>
/// <remarks>
/// The firewall forwards the raw bytes, not this serialisation, so it accepts only a body whose every value the
/// serialisation writes back unchanged: no repeated member name (JavaScript keeps the last copy, most parsers the
/// first), no number literal other than the one JavaScript prints for its value (a backend reading more digits would
/// see another number than the one signed), no string that is not valid Unicode. What is left unsigned is layout:
/// whitespace between tokens and the choice among equivalent string escapes.
/// </remarks>
internal static class JavaScriptJson
{
    private const uint MaxArrayIndex = uint.MaxValue - 1;

    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 64 };

    /// <summary>The serialisation, or null with what keeps the body from having one the signature could cover.</summary>
    public static byte[]? TryReserialize(ReadOnlyMemory<byte> json, out string? problem)
    {
        problem = null;
        try
        {
            using var document = JsonDocument.Parse(json, Options);
            var output = new ArrayBufferWriter<byte>(json.Length);
            return Write(document.RootElement, output, ref problem) ? output.WrittenSpan.ToArray() : null;
        }
        catch (JsonException)
        {
            problem = "it is not JSON";
            return null;
        }
        catch (InvalidOperationException)
        {
            problem = "it holds a string that is not valid Unicode";
            return null;
        }
    }

    /// <summary>JavaScript's Number::toString for a finite double: shortest round-trip digits, its own exponent rules.</summary>
    public static string FormatNumber(double value)
    {
        if (value == 0)
        {
            return "0";
        }

        var text = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        var exponentAt = text.IndexOf('E', StringComparison.Ordinal);
        var exponent = exponentAt < 0 ? 0 : int.Parse(text.AsSpan(exponentAt + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var mantissa = exponentAt < 0 ? text : text[..exponentAt];
        var point = mantissa.IndexOf('.', StringComparison.Ordinal);
        var digits = mantissa.Replace(".", string.Empty, StringComparison.Ordinal);
        var n = (point < 0 ? mantissa.Length : point) + exponent;
        var leading = 0;
        while (digits[leading] == '0')
        {
            leading++;
        }

        digits = digits[leading..].TrimEnd('0');
        n -= leading;
        var k = digits.Length;
        var written = k <= n && n <= 21 ? digits + new string('0', n - k)
            : n is > 0 and <= 21 ? digits[..n] + "." + digits[n..]
            : n is > -6 and <= 0 ? "0." + new string('0', -n) + digits
            : digits[..1] + (k > 1 ? "." + digits[1..] : string.Empty) + "e" + (n - 1 >= 0 ? "+" : "-") + Math.Abs(n - 1).ToString(CultureInfo.InvariantCulture);
        return value < 0 ? "-" + written : written;
    }

    private static bool Write(JsonElement element, ArrayBufferWriter<byte> output, ref string? problem)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                return WriteObject(element, output, ref problem);
            case JsonValueKind.Array:
                output.Write("["u8);
                var first = true;
                foreach (var item in element.EnumerateArray())
                {
                    if (!first)
                    {
                        output.Write(","u8);
                    }

                    first = false;
                    if (!Write(item, output, ref problem))
                    {
                        return false;
                    }
                }

                output.Write("]"u8);
                return true;
            case JsonValueKind.String:
                WriteString(element.GetString()!, output);
                return true;
            case JsonValueKind.Number:
                return WriteNumber(element, output, ref problem);
            case JsonValueKind.True:
                output.Write("true"u8);
                return true;
            case JsonValueKind.False:
                output.Write("false"u8);
                return true;
            default:
                output.Write("null"u8);
                return true;
        }
    }

    private static bool WriteObject(JsonElement element, ArrayBufferWriter<byte> output, ref string? problem)
    {
        var members = new List<(string Name, JsonElement Value, uint Index, bool IsIndex)>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in element.EnumerateObject())
        {
            if (!names.Add(member.Name))
            {
                problem = "a member name is repeated in one object";
                return false;
            }

            var isIndex = IsArrayIndex(member.Name, out var index);
            members.Add((member.Name, member.Value, index, isIndex));
        }

        // A JavaScript object lists its array-index names first, ascending, then the others in insertion order.
        var ordered = members.Where(m => m.IsIndex).OrderBy(m => m.Index).Concat(members.Where(m => !m.IsIndex));
        output.Write("{"u8);
        var first = true;
        foreach (var (name, value, _, _) in ordered)
        {
            if (!first)
            {
                output.Write(","u8);
            }

            first = false;
            WriteString(name, output);
            output.Write(":"u8);
            if (!Write(value, output, ref problem))
            {
                return false;
            }
        }

        output.Write("}"u8);
        return true;
    }

    private static bool WriteNumber(JsonElement element, ArrayBufferWriter<byte> output, ref string? problem)
    {
        var literal = element.GetRawText();
        if (!double.TryParse(literal, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value)
            || FormatNumber(value) is var written && !string.Equals(written, literal, StringComparison.Ordinal))
        {
            problem = "a number is not written the way JavaScript writes its value back (such as 1.0, 1e2, -0 or more digits than a double holds)";
            return false;
        }

        output.Write(Encoding.ASCII.GetBytes(written));
        return true;
    }

    /// <summary>JSON.stringify's QuoteJSONString: the two-character escapes, \u00XX for other controls, everything else as is.</summary>
    private static void WriteString(string value, ArrayBufferWriter<byte> output)
    {
        var text = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            _ = c switch
            {
                '"' => text.Append("\\\""),
                '\\' => text.Append("\\\\"),
                '\b' => text.Append("\\b"),
                '\f' => text.Append("\\f"),
                '\n' => text.Append("\\n"),
                '\r' => text.Append("\\r"),
                '\t' => text.Append("\\t"),
                < ' ' => text.Append("\\u00").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture)),
                _ => text.Append(c),
            };
        }

        output.Write(Encoding.UTF8.GetBytes(text.Append('"').ToString()));
    }

    private static bool IsArrayIndex(string name, out uint index)
    {
        index = 0;
        return name.Length is > 0 and <= 10 && (name == "0" || name[0] != '0')
            && name.All(char.IsAsciiDigit)
            && uint.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out index) && index <= MaxArrayIndex;
    }
}
