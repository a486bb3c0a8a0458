using System.Globalization;
using System.Text;
using Microsoft.Extensions.Primitives;

namespace WebhookFirewall.Commands;

/// <summary>
/// An HTTP/1.1 request as captured: request line, headers, a blank line, the body — lines ending in CRLF or LF. A
/// chunked body is de-chunked; a Content-Length shorter than what follows keeps only that many bytes.
/// </summary>
internal sealed class RawHttpRequest
{
    private RawHttpRequest(string method, string path, string query, HeaderDictionary headers, byte[] body)
    {
        Method = method;
        Path = path;
        Query = query;
        Headers = headers;
        Body = body;
    }

    public string Method { get; }

    /// <summary>The target's path, percent-encoded as sent.</summary>
    public string Path { get; }

    /// <summary>The raw query with its '?', or empty.</summary>
    public string Query { get; }

    public HeaderDictionary Headers { get; }

    public byte[] Body { get; }

    /// <summary>The request, or null with <paramref name="problem"/> saying what is wrong with the file.</summary>
    public static RawHttpRequest? Parse(byte[] raw, out string? problem)
    {
        problem = null;
        var offset = 0;
        var requestLine = ReadLine(raw, ref offset);
        var parts = requestLine?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts is not { Length: 3 } || !parts[2].StartsWith("HTTP/", StringComparison.Ordinal))
        {
            problem = "the first line is not an HTTP request line (METHOD TARGET HTTP/1.1)";
            return null;
        }

        var headers = new HeaderDictionary();
        while (ReadLine(raw, ref offset) is { Length: > 0 } line)
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                problem = $"'{line}' is not a header line (Name: value)";
                return null;
            }

            var name = line[..colon].Trim();
            headers[name] = StringValues.Concat(headers[name], line[(colon + 1)..].Trim());
        }

        var body = raw.AsSpan(Math.Min(offset, raw.Length)).ToArray();
        if (headers["Transfer-Encoding"].ToString().Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            body = Dechunk(body, out problem);
            if (body.Length == 0 && problem is not null)
            {
                return null;
            }

            headers.Remove("Transfer-Encoding");
            headers.ContentLength = body.Length;
        }
        else if (headers.ContentLength is { } length && length < body.Length)
        {
            body = body[..(int)length];
        }

        var (path, query) = SplitTarget(parts[1]);
        return new RawHttpRequest(parts[0], path, query, headers, body);
    }

    private static (string Path, string Query) SplitTarget(string target)
    {
        // Absolute form (a proxy's capture): only the path and query count.
        if (Uri.TryCreate(target, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https")
        {
            target = absolute.PathAndQuery;
        }

        var question = target.IndexOf('?', StringComparison.Ordinal);
        return question < 0 ? (target, string.Empty) : (target[..question], target[question..]);
    }

    /// <summary>The next line (CRLF or LF stripped) as Latin-1 text — bytes as they were — or null at the end.</summary>
    private static string? ReadLine(byte[] raw, ref int offset)
    {
        if (offset >= raw.Length)
        {
            return null;
        }

        var end = Array.IndexOf(raw, (byte)'\n', offset);
        var next = end < 0 ? raw.Length : end + 1;
        var length = (end < 0 ? raw.Length : end) - offset;
        if (length > 0 && raw[offset + length - 1] == '\r')
        {
            length--;
        }

        var line = Encoding.Latin1.GetString(raw, offset, length);
        offset = next;
        return line;
    }

    private static byte[] Dechunk(byte[] body, out string? problem)
    {
        problem = null;
        var output = new MemoryStream();
        var offset = 0;
        while (ReadLine(body, ref offset) is { } sizeLine)
        {
            var size = sizeLine.Split(';')[0].Trim();
            if (!int.TryParse(size, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var length) || length < 0 || offset + length > body.Length)
            {
                problem = $"the chunked body is broken at '{sizeLine}'";
                return [];
            }

            if (length == 0)
            {
                break;
            }

            output.Write(body, offset, length);
            offset += length;
            ReadLine(body, ref offset); // the CRLF after the chunk's data
        }

        return output.ToArray();
    }
}
