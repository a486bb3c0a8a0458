using System.Text;
using System.Text.Json;

namespace WebhookFirewall.Spool;

/// <summary>
/// The stored form of a spooled request's method, path and headers: one small JSON document
/// (`{"m":"POST","p":"/hook?x=1","h":[["Name","value",0],...]}`), the body beside it as raw bytes.
/// </summary>
internal static class SpooledRequestCodec
{
    public static byte[] Encode(string method, string pathAndQuery, IReadOnlyList<SpooledHeader> headers)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("m", method);
            json.WriteString("p", pathAndQuery);
            json.WriteStartArray("h");
            foreach (var header in headers)
            {
                json.WriteStartArray();
                json.WriteStringValue(header.Name);
                json.WriteStringValue(header.IsCredential ? SpooledHeader.Placeholder : header.Value);
                json.WriteNumberValue(header.IsCredential ? 1 : 0);
                json.WriteEndArray();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    public static (string Method, string PathAndQuery, IReadOnlyList<SpooledHeader> Headers) Decode(ReadOnlySpan<byte> encoded)
    {
        var reader = new Utf8JsonReader(encoded);
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        var headers = new List<SpooledHeader>();
        foreach (var header in root.GetProperty("h").EnumerateArray())
        {
            var credential = header[2].GetInt32() == 1;
            headers.Add(new SpooledHeader(header[0].GetString()!, credential ? SpooledHeader.Placeholder : header[1].GetString()!, credential));
        }

        return (root.GetProperty("m").GetString()!, root.GetProperty("p").GetString()!, headers);
    }

    public static long HeaderBytes(IReadOnlyList<SpooledHeader> headers)
    {
        long bytes = 0;
        foreach (var header in headers)
        {
            bytes += Encoding.UTF8.GetByteCount(header.Name) + Encoding.UTF8.GetByteCount(header.Value) + 4;
        }

        return bytes;
    }
}
