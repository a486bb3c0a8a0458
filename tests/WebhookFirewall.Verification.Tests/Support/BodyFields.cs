using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace WebhookFirewall.Verification.Tests.Support;

/// <summary>
/// A body seen as the text fields a sender fills: a form's values (decoded), or a JSON document's strings at any
/// depth. Rewriting fields gives the same body with only those values changed, written as the sender would write it.
/// </summary>
public sealed class BodyFields
{
    private static readonly JsonSerializerOptions Writing = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly string _text;
    private readonly bool _isJson;
    private readonly string[] _names;
    private readonly string[] _values;

    private BodyFields(string text, bool isJson, string[] names, string[] values)
    {
        _text = text;
        _isJson = isJson;
        _names = names;
        _values = values;
    }

    public int Count => _values.Length;

    /// <summary>The form field's name, or the JSON string's path (`data.validationCode`, `value[0].clientState`).</summary>
    public string Name(int index) => _names[index];

    public string Value(int index) => _values[index];

    /// <summary>The fields of a JSON document or a form; null for a body that is neither, or has no field.</summary>
    public static BodyFields? Parse(byte[] body)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(body);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }

        var fields = FromJson(text) ?? FromForm(text);
        return fields is { Count: > 0 } ? fields : null;
    }

    /// <summary>The body with the fields at <paramref name="changes"/>' indices set to their values.</summary>
    public byte[] With(params (int Index, string Value)[] changes)
    {
        if (_isJson)
        {
            var root = JsonNode.Parse(_text)!;
            var leaves = Strings(root).ToArray();
            foreach (var (index, value) in changes)
            {
                var leaf = leaves[index].Node;
                switch (leaf.Parent)
                {
                    case JsonObject parent:
                        parent[leaf.GetPropertyName()] = value;
                        break;
                    case JsonArray parent:
                        parent[leaf.GetElementIndex()] = value;
                        break;
                    default:
                        root = JsonValue.Create(value);
                        break;
                }
            }

            return Encoding.UTF8.GetBytes(root.ToJsonString(Writing));
        }

        var values = (string[])_values.Clone();
        foreach (var (index, value) in changes)
        {
            values[index] = value;
        }

        return Encoding.UTF8.GetBytes(string.Join('&', _names.Select((name, i) => SenderText.Query(name) + "=" + SenderText.Query(values[i]))));
    }

    private static BodyFields? FromJson(string text)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }

        if (root is null)
        {
            return null;
        }

        try
        {
            var leaves = Strings(root).ToArray();
            return new BodyFields(text, isJson: true, [.. leaves.Select(l => l.Path)], [.. leaves.Select(l => l.Node.GetValue<string>())]);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            return null; // a repeated member name, or a string that is not valid Unicode: no sender writes those
        }
    }

    private static BodyFields? FromForm(string text)
    {
        if (text.Length == 0 || !text.Contains('=', StringComparison.Ordinal))
        {
            return null;
        }

        var names = new List<string>();
        var values = new List<string>();
        foreach (var pair in text.Split('&'))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                return null;
            }

            names.Add(WebUtility.UrlDecode(pair[..equals]));
            values.Add(WebUtility.UrlDecode(pair[(equals + 1)..]));
        }

        return new BodyFields(text, isJson: false, [.. names], [.. values]);
    }

    /// <summary>Every string value under <paramref name="node"/>, in document order, with its path.</summary>
    private static IEnumerable<(JsonValue Node, string Path)> Strings(JsonNode node) => node switch
    {
        JsonObject members => members.SelectMany(m => m.Value is null ? [] : Strings(m.Value)),
        JsonArray elements => elements.SelectMany(e => e is null ? [] : Strings(e)),
        JsonValue value when value.GetValueKind() == JsonValueKind.String => [(value, value.GetPath())],
        _ => [],
    };
}
