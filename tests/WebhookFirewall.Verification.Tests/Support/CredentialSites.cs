using System.Text;

namespace WebhookFirewall.Verification.Tests.Support;

/// <summary>
/// Where a provider's delivery carries what only the holder of the secret can write: the headers, and the body
/// fields (<see cref="BodyFields"/>), whose values differ between the same delivery signed with two secrets — a
/// signature, a token, a key id, a certificate URL. Found by comparison, so that no provider has to name them.
/// A forgery is the real delivery with one credential replaced and its content chosen: the whole body where the
/// credentials are headers, one other field where they are in the body (Braintree's bt_payload beside bt_signature).
/// </summary>
public sealed class CredentialSites
{
    private readonly BodyFields? _fields;
    private readonly int[] _bodyCredentials;
    private readonly string[] _values;
    private readonly HashSet<string> _macs;

    private CredentialSites(Request delivery, string[] headers, BodyFields? fields, int[] bodyCredentials)
    {
        Delivery = delivery;
        Headers = headers;
        _fields = fields;
        _bodyCredentials = bodyCredentials;
        _values = [.. headers.Select(h => delivery.Headers.Get(h).Value!), .. bodyCredentials.Select(i => fields!.Value(i))];
        _macs = _values.SelectMany(MacRun.In).Select(r => Convert.ToHexString(r.Bytes)).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The real delivery, signed with the secret.</summary>
    public Request Delivery { get; }

    /// <summary>The headers that carry a credential.</summary>
    public IReadOnlyList<string> Headers { get; }

    /// <summary>The body fields that carry a credential, by name.</summary>
    public IEnumerable<string> BodyCredentials => _bodyCredentials.Select(i => _fields!.Name(i));

    public static CredentialSites Of(IProviderOracle oracle, string secret, string otherSecret, byte[] body, DateTimeOffset at)
    {
        var own = oracle.Sign(secret, body, at);
        var other = oracle.Sign(otherSecret, body, at);
        var headers = own.Headers.Names
            .Where(name => other.Headers.Get(name).Value != own.Headers.Get(name).Value)
            .Order(StringComparer.Ordinal)
            .ToArray();
        if (own.Body.AsSpan().SequenceEqual(other.Body) || BodyFields.Parse(own.Body) is not { } fields)
        {
            return new CredentialSites(own, headers, null, []);
        }

        var others = BodyFields.Parse(other.Body);
        var differing = Enumerable.Range(0, fields.Count)
            .Where(i => others is null || i >= others.Count || others.Name(i) != fields.Name(i) || others.Value(i) != fields.Value(i))
            .ToArray();
        return new CredentialSites(own, headers, fields, differing);
    }

    /// <summary>
    /// Whether <paramref name="text"/> holds one of this delivery's credentials (in any case, or its MAC in any
    /// encoding): a caller who sends it has captured the delivery, and what it makes verify is a replay, not a forgery.
    /// </summary>
    public bool Holds(string text) =>
        _values.Any(v => text.Contains(v, StringComparison.OrdinalIgnoreCase))
        || MacRun.In(text).Any(r => _macs.Contains(Convert.ToHexString(r.Bytes)));

    /// <summary>
    /// The real delivery with one credential replaced by each of <paramref name="candidates"/> (see
    /// <see cref="SignatureCandidates.InPlaceOf"/>), over each of <paramref name="contents"/> — and over its own
    /// content too when <paramref name="ownContent"/> — each with a description of what was put where.
    /// </summary>
    public IEnumerable<(string Where, Request Forgery)> Forgeries(IReadOnlyList<(string What, byte[] Bytes)> contents, bool ownContent, SignatureCandidates candidates)
    {
        (string What, byte[] Bytes)[] bodies = [.. contents, .. ownContent ? [("the delivery's own body", Delivery.Body)] : Array.Empty<(string, byte[])>()];
        foreach (var header in Headers)
        {
            var values = candidates.InPlaceOf(Delivery.Headers.Get(header).Value!).ToArray();
            foreach (var (what, body) in bodies)
            {
                foreach (var value in values)
                {
                    yield return ($"{header}: {Show(value)} over {what}", Delivery.Clone().WithBody(body).ReplaceHeader(header, value));
                }
            }
        }

        if (_fields is null)
        {
            yield break;
        }

        // The content goes into each field that is not a credential, one at a time; the credential beside it is replaced.
        var contentFields = Enumerable.Range(0, _fields.Count).Except(_bodyCredentials).ToArray();
        var placings = contents
            .SelectMany(content => contentFields.Select(field => (Where: $"{content.What} as {_fields.Name(field)}", Change: (field, Encoding.UTF8.GetString(content.Bytes)))))
            .Select(p => (p.Where, Changes: new[] { p.Change }))
            .Concat(ownContent ? [("the delivery's own fields", Array.Empty<(int, string)>())] : [])
            .ToArray();
        foreach (var credential in _bodyCredentials)
        {
            var values = candidates.InPlaceOf(_fields.Value(credential)).ToArray();
            foreach (var (where, changes) in placings)
            {
                foreach (var value in values)
                {
                    var body = _fields.With([.. changes, (credential, value)]);
                    yield return ($"{_fields.Name(credential)}: {Show(value)} over {where}", Delivery.Clone().WithBody(body));
                }
            }
        }
    }

    private static string Show(string value) => value.Length <= 120 ? value : value[..120] + $"… ({value.Length} characters)";
}
