using System.Text;
using WebhookFirewall.Verification;

namespace WebhookFirewall.Verification.Tests.Support;

/// <summary>
/// Everything a handshake answer could be made to say as a delivery's signature: each text it holds — its body,
/// each header value, each JSON string at any depth — with the prefixes providers put before a signature stripped,
/// and every MAC-like run in those texts (<see cref="MacRun"/>) decoded, to be written again in any encoding; put in
/// place of a real delivery's signature (<see cref="InPlaceOf"/>), each also gets that signature's own prefix.
/// </summary>
public sealed class SignatureCandidates
{
    /// <summary>The prefixes of the catalogue's signature headers that stand before the MAC itself, stripped from what an answer holds.</summary>
    private static readonly string[] Prefixes = ["sha256=", "sha1=", "sha512=", "v0=", "v1=", "v1,", "HMAC "];

    private SignatureCandidates(IReadOnlyList<string> texts, IReadOnlyList<byte[]> macs)
    {
        Texts = texts;
        Macs = macs;
    }

    /// <summary>Whole values a forger could send as a signature: the answer's texts, prefixes stripped, and its MACs in every encoding.</summary>
    public IReadOnlyList<string> Texts { get; }

    /// <summary>The bytes of every MAC-like run of the answer's texts.</summary>
    public IReadOnlyList<byte[]> Macs { get; }

    public bool IsEmpty => Texts.Count == 0;

    public static SignatureCandidates From(HandshakeResponse answer)
    {
        var texts = new List<string> { answer.Body };
        texts.AddRange(answer.Headers.Select(h => h.Value));
        if (BodyFields.Parse(Encoding.UTF8.GetBytes(answer.Body)) is { } fields)
        {
            texts.AddRange(Enumerable.Range(0, fields.Count).Select(fields.Value));
        }

        var cores = texts
            .Concat(texts.SelectMany(t => Prefixes.Where(p => t.StartsWith(p, StringComparison.Ordinal)).Select(p => t[p.Length..])))
            .Where(t => t.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .ToArray();
        var macs = cores.SelectMany(MacRun.In).Select(r => r.Bytes).DistinctBy(Convert.ToHexString).ToArray();
        var encoded = macs.SelectMany(m => Enum.GetValues<MacEncoding>().Select(e => MacRun.Encode(m, e)));
        return new SignatureCandidates([.. cores.Concat(encoded).Distinct(StringComparer.Ordinal)], macs);
    }

    /// <summary>
    /// Values to put where <paramref name="original"/> (a real delivery's signature header or field) stood: each
    /// candidate text, bare and after what stands before the original's MAC (`sha256=`, `v0=`, `t=…,v1=`, `key|`: a
    /// prefix the provider does not write is refused by its parser before any MAC is compared); the original with each
    /// of its MAC-like runs replaced by each candidate MAC in that run's own encoding; and, for a value that is base64
    /// of a JSON object (eBay's header), the same one level down, re-encoded.
    /// </summary>
    public IEnumerable<string> InPlaceOf(string original) => InPlaceOf(original, nested: true).Where(v => v != original).Distinct(StringComparer.Ordinal);

    private IEnumerable<string> InPlaceOf(string original, bool nested)
    {
        var runs = MacRun.In(original).ToArray();
        var prefix = runs.Length > 0 ? original[..runs[0].Start] : string.Empty;
        foreach (var text in Texts)
        {
            yield return text;
            if (prefix.Length > 0)
            {
                yield return prefix + text;
            }
        }

        foreach (var run in runs)
        {
            foreach (var mac in Macs)
            {
                yield return string.Concat(original.AsSpan(0, run.Start), MacRun.Encode(mac, run.Encoding), original.AsSpan(run.Start + run.Length));
            }
        }

        var decoded = new byte[original.Length];
        if (nested && Convert.TryFromBase64String(original, decoded, out var written) && written > 0 && decoded[0] == (byte)'{'
            && BodyFields.Parse(decoded[..written]) is { } fields)
        {
            for (var i = 0; i < fields.Count; i++)
            {
                foreach (var value in InPlaceOf(fields.Value(i), nested: false))
                {
                    yield return Convert.ToBase64String(fields.With((i, value)));
                }
            }
        }
    }
}

public enum MacEncoding
{
    LowerHex,
    UpperHex,
    Base64,
    Base64Url,
}

/// <summary>
/// A run of a text that reads as an encoded MAC or signature: hex, base64 or base64url decoding to at least 16
/// bytes (below SHA-1's 20, the shortest MAC the catalogue takes), such as the MAC after `sha256=` or in `t=…,v1=…`.
/// </summary>
public readonly record struct MacRun(int Start, int Length, MacEncoding Encoding, byte[] Bytes)
{
    private const int MinBytes = 16;

    public static IEnumerable<MacRun> In(string text)
    {
        var runs = new List<MacRun>();
        var start = 0;
        while (start < text.Length)
        {
            if (!IsRunChar(text[start]))
            {
                start++;
                continue;
            }

            var end = start;
            while (end < text.Length && IsRunChar(text[end]))
            {
                end++;
            }

            while (end < text.Length && text[end] == '=')
            {
                end++;
            }

            if (Decode(text[start..end]) is { } run)
            {
                runs.Add(run with { Start = start });
            }

            start = end;
        }

        return runs;
    }

    public static string Encode(byte[] bytes, MacEncoding encoding) => encoding switch
    {
        MacEncoding.LowerHex => Convert.ToHexStringLower(bytes),
        MacEncoding.UpperHex => Convert.ToHexString(bytes),
        MacEncoding.Base64 => Convert.ToBase64String(bytes),
        _ => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_'),
    };

    private static bool IsRunChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '-' or '_';

    private static MacRun? Decode(string run)
    {
        var unpadded = run.TrimEnd('=');
        if (unpadded.Length == run.Length && unpadded.Length % 2 == 0 && unpadded.All(char.IsAsciiHexDigit) && unpadded.Length >= 2 * MinBytes)
        {
            var upper = unpadded.Any(char.IsAsciiLetterUpper);
            var lower = unpadded.Any(char.IsAsciiLetterLower);
            if (!(upper && lower))
            {
                return new MacRun(0, run.Length, upper ? MacEncoding.UpperHex : MacEncoding.LowerHex, Convert.FromHexString(unpadded));
            }
        }

        var url = unpadded.Any(c => c is '-' or '_');
        if (url && unpadded.Any(c => c is '+' or '/'))
        {
            return null;
        }

        var standard = (url ? unpadded.Replace('-', '+').Replace('_', '/') : unpadded).PadRight((unpadded.Length + 3) / 4 * 4, '=');
        var bytes = new byte[standard.Length];
        return unpadded.Length % 4 != 1 && Convert.TryFromBase64String(standard, bytes, out var written) && written >= MinBytes
            ? new MacRun(0, run.Length, url ? MacEncoding.Base64Url : MacEncoding.Base64, bytes[..written])
            : null;
    }
}
