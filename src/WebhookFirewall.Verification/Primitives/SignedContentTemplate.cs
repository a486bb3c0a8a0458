using System.Text;

namespace WebhookFirewall.Verification.Primitives;

/// <summary>
/// What a provider signs, as a template over the request: literal text plus `{body}`, `{timestamp}`, `{id}`,
/// `{method}` and `{url}`. Examples: `{body}` (GitHub), `v0:{timestamp}:{body}` (Slack), `{id}.{timestamp}.{body}`
/// (Standard Webhooks).
/// </summary>
internal sealed class SignedContentTemplate
{
    private readonly Part[] _parts;

    private readonly string _source;

    private SignedContentTemplate(Part[] parts, string source)
    {
        _parts = parts;
        _source = source;
        IsBodyOnly = parts is [{ Kind: PartKind.Body }];
        UsesTimestamp = parts.Any(p => p.Kind == PartKind.Timestamp);
        UsesDeliveryId = parts.Any(p => p.Kind == PartKind.DeliveryId);
        UsesUrl = parts.Any(p => p.Kind == PartKind.Url);
    }

    public static SignedContentTemplate BodyOnly { get; } = new([new Part(PartKind.Body, [])], "{body}");

    public bool IsBodyOnly { get; }

    public bool UsesTimestamp { get; }

    public bool UsesDeliveryId { get; }

    /// <summary>True when `{url}` appears: only providers that are given the public URL can fill it in.</summary>
    public bool UsesUrl { get; }

    /// <summary>For templates written in code: a mistake there is a programming error.</summary>
    public static SignedContentTemplate Parse(string template) =>
        TryParse(template, out var parsed, out var error) ? parsed! : throw new ArgumentException(error, nameof(template));

    public static bool TryParse(string template, out SignedContentTemplate? parsed, out string? error)
    {
        var parts = new List<Part>();
        var literal = new StringBuilder();
        var position = 0;
        while (position < template.Length)
        {
            var open = template.IndexOf('{', position);
            if (open < 0)
            {
                literal.Append(template, position, template.Length - position);
                break;
            }

            var close = template.IndexOf('}', open);
            if (close < 0)
            {
                parsed = null;
                error = "has an unclosed '{'";
                return false;
            }

            literal.Append(template, position, open - position);
            var name = template[(open + 1)..close];
            PartKind? kind = name switch
            {
                "body" => PartKind.Body,
                "timestamp" => PartKind.Timestamp,
                "id" => PartKind.DeliveryId,
                "method" => PartKind.Method,
                "url" => PartKind.Url,
                _ => null,
            };
            if (kind is null)
            {
                parsed = null;
                error = $"has an unknown placeholder '{{{name}}}' (known: {{body}}, {{timestamp}}, {{id}}, {{method}}, {{url}})";
                return false;
            }

            if (literal.Length > 0)
            {
                parts.Add(new Part(PartKind.Literal, Encoding.UTF8.GetBytes(literal.ToString())));
                literal.Clear();
            }

            parts.Add(new Part(kind.Value, []));
            position = close + 1;
        }

        if (literal.Length > 0)
        {
            parts.Add(new Part(PartKind.Literal, Encoding.UTF8.GetBytes(literal.ToString())));
        }

        if (!parts.Any(p => p.Kind == PartKind.Body))
        {
            parsed = null;
            error = "must contain {body}: a signature that does not cover the body proves nothing about it";
            return false;
        }

        parsed = new SignedContentTemplate([.. parts], template);
        error = null;
        return true;
    }

    /// <summary>For summaries: `body` alone, else the template quoted ("v0:{timestamp}:{body}").</summary>
    public string Describe() => IsBodyOnly ? "body" : $"\"{_source}\"";

    public int GetLength(in SignedContentValues values)
    {
        var length = 0;
        foreach (var part in _parts)
        {
            length += part.Kind switch
            {
                PartKind.Literal => part.Literal.Length,
                PartKind.Body => values.Body.Length,
                _ => Encoding.UTF8.GetByteCount(values.Text(part.Kind)),
            };
        }

        return length;
    }

    /// <summary>Writes the signed content; <paramref name="destination"/> must hold <see cref="GetLength"/> bytes.</summary>
    public int Write(in SignedContentValues values, Span<byte> destination)
    {
        var written = 0;
        foreach (var part in _parts)
        {
            switch (part.Kind)
            {
                case PartKind.Literal:
                    part.Literal.CopyTo(destination[written..]);
                    written += part.Literal.Length;
                    break;
                case PartKind.Body:
                    values.Body.CopyTo(destination[written..]);
                    written += values.Body.Length;
                    break;
                default:
                    written += Encoding.UTF8.GetBytes(values.Text(part.Kind), destination[written..]);
                    break;
            }
        }

        return written;
    }

    internal enum PartKind
    {
        Literal,
        Body,
        Timestamp,
        DeliveryId,
        Method,
        Url,
    }

    private readonly record struct Part(PartKind Kind, byte[] Literal);
}
