using WebhookFirewall.Verification.Primitives;

namespace WebhookFirewall.Verification.Schemes;

/// <summary>
/// One HMAC scheme, as data: where the signature is and how it is written, what content is signed, where the signed
/// timestamp and id come from, how the secret becomes the key. Most providers are one of these.
/// </summary>
internal sealed record HmacScheme
{
    public required string Header { get; init; }

    public HmacAlgorithm Algorithm { get; init; } = HmacAlgorithm.Sha256;

    public SignatureEncoding Encoding { get; init; } = SignatureEncoding.Hex;

    /// <summary>
    /// Further headers that each carry one signature written like <see cref="Header"/>'s, one per active key (Box's
    /// secondary, DocuSign's `-2` .. `-N`): any may match. <see cref="Header"/> is always sent and read strictly;
    /// these are skipped when absent or not decodable, refused when repeated. Unused with <see cref="List"/>.
    /// </summary>
    public IReadOnlyList<string> MoreSignatureHeaders { get; init; } = [];

    /// <summary>
    /// A header naming which of the policy's `KeyedSecrets` signed (Pusher's app key, Worldline's key id): only that
    /// secret's MAC is compared.
    /// </summary>
    public string? KeyIdHeader { get; init; }

    /// <summary>Headers that must carry exactly these values: the version of the scheme being verified (Box's).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> RequiredHeaders { get; init; } = [];

    /// <summary>Text before the single signature ("sha256=", "v0="); unused with <see cref="List"/>.</summary>
    public string Prefix { get; init; } = string.Empty;

    /// <summary>Set when the header holds a list of signatures (and perhaps the timestamp).</summary>
    public SignatureListFormat? List { get; init; }

    public SignedContentTemplate Content { get; init; } = SignedContentTemplate.BodyOnly;

    /// <summary>A header carrying the signed timestamp (`{timestamp}` of the content).</summary>
    public string? TimestampHeader { get; init; }

    public TimestampUnit TimestampUnit { get; init; } = TimestampUnit.UnixSeconds;

    /// <summary>A JSON body field carrying the signed timestamp (Linear's `webhookTimestamp`), read once the body verified.</summary>
    public string? TimestampField { get; init; }

    /// <summary>A header carrying the `{id}` of the content (Twitch's message id, Standard Webhooks' `webhook-id`).</summary>
    public string? IdHeader { get; init; }

    public SecretDecoding SecretDecoding { get; init; } = SecretDecoding.Utf8;

    /// <summary>For a content with `{url}`: how the signed URL is formed.</summary>
    public SignedUrlRule UrlRule { get; init; } = SignedUrlRule.AppendRequestQuery;

    /// <summary>The provider's name as people know it, for the advice about `PublicUrl`.</summary>
    public string? DisplayName { get; init; }

    public int MacSize => Hmac.SizeInBytes(Algorithm);

    public bool SignsTimestamp => TimestampHeader is not null || TimestampField is not null || List?.HasTimestamp == true;

    /// <summary>The signature as the provider writes it, e.g. "`sha256=` followed by 64 hex digits".</summary>
    public string Shape => List is null
        ? Reasons.Shape(Prefix, Encoding, MacSize)
        : $"{List.Describe(EncodingName)}, each {Reasons.Shape(string.Empty, Encoding, MacSize)}";

    /// <summary>One line: "X-Hub-Signature-256: sha256=hex(HMAC-SHA256(secret, body))".</summary>
    public string Summary
    {
        get
        {
            var mac = $"{EncodingName}(HMAC-{Algorithm.ToString().ToUpperInvariant()}({KeyName}, {Content.Describe()}))";
            var signature = List is null ? Prefix + mac : List.Describe(mac);
            var timestamp = TimestampHeader is not null ? $", {TimestampHeader} ({Describe(TimestampUnit)})"
                : List?.HasTimestamp == true ? $" (timestamp in {Describe(TimestampUnit)})"
                : string.Empty;
            var inBody = TimestampField is null ? string.Empty : $"; replay clock: {TimestampField} ({Describe(TimestampUnit)}) in the JSON body";
            var keyId = KeyIdHeader is null ? string.Empty : $", secret chosen by {KeyIdHeader}";
            var required = string.Concat(RequiredHeaders.Select(h => $", {h.Key}: {h.Value}"));
            return $"{SignatureHeaders}: {signature}{timestamp}{keyId}{required}{inBody}";
        }
    }

    private string SignatureHeaders => MoreSignatureHeaders.Count switch
    {
        0 => Header,
        1 => $"{Header} or {MoreSignatureHeaders[0]}",
        _ => $"{Header} .. {MoreSignatureHeaders[^1]} (one per key)",
    };

    private string EncodingName => Encoding switch
    {
        SignatureEncoding.Hex => "hex",
        SignatureEncoding.Base64Url => "base64url",
        _ => "base64",
    };

    private string KeyName => SecretDecoding switch
    {
        SecretDecoding.WhsecBase64 => "base64-decoded whsec_ key",
        SecretDecoding.Base64 => "base64-decoded secret",
        SecretDecoding.Hex => "hex-decoded secret",
        SecretDecoding.WordPressEntities => "secret with its HTML entities decoded",
        _ => "secret",
    };

    private static string Describe(TimestampUnit unit) => unit switch
    {
        TimestampUnit.UnixMilliseconds => "ms",
        TimestampUnit.Rfc3339 => "RFC 3339",
        TimestampUnit.Iso8601 => "ISO 8601",
        _ => "s",
    };
}
