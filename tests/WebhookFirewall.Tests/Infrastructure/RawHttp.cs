using System.Net.Sockets;

namespace WebhookFirewall.Tests.Infrastructure;

/// <summary>
/// Requests written byte for byte on a socket, for what HttpClient refuses to send (a control character in a header,
/// a body on a GET with a hand-written length) and to read the status line exactly as the firewall wrote it.
/// </summary>
public static class RawHttp
{
    public static async Task<RawResponse> SendAsync(Uri server, string head, byte[]? body = null, Encoding? headEncoding = null)
    {
        var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port);
        var stream = client.GetStream();
        await stream.WriteAsync((headEncoding ?? Encoding.ASCII).GetBytes(head));
        await stream.WriteAsync(body ?? []);
        var reader = new StreamReader(stream, Encoding.ASCII);
        var statusLine = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(15)) ?? string.Empty;
        return new RawResponse(client, statusLine, reader);
    }
}

public sealed record RawResponse(TcpClient Client, string StatusLine, StreamReader Reader) : IDisposable
{
    public int Status => int.Parse(StatusLine.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The `code` of a problem document answer (headers, then a Content-Length body), or null when it is none.</summary>
    public async Task<string?> ProblemCodeAsync()
    {
        var length = 0;
        var problem = false;
        string? line;
        while (!string.IsNullOrEmpty(line = await Reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(15))))
        {
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            {
                length = int.Parse(line["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("Content-Type:", StringComparison.OrdinalIgnoreCase))
            {
                problem = line.Contains("application/problem+json", StringComparison.OrdinalIgnoreCase);
            }
        }

        if (!problem)
        {
            return null;
        }

        var body = new char[length];
        var read = 0;
        while (read < length)
        {
            var got = await Reader.ReadAsync(body.AsMemory(read)).AsTask().WaitAsync(TimeSpan.FromSeconds(15));
            read += got > 0 ? got : throw new EndOfStreamException($"the answer ended after {read} of its {length} bytes");
        }

        try
        {
            using var document = JsonDocument.Parse(new string(body));
            return document.RootElement.TryGetProperty("code", out var code) ? code.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void Dispose() => Client.Dispose();
}
