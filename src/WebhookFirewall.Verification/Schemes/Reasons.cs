using System.Globalization;
using WebhookFirewall.Verification.Primitives;

namespace WebhookFirewall.Verification.Schemes;

/// <summary>
/// The sentences a failed verification is explained with (ledger, `diagnose`). They are built only from what is safe
/// to show — header names, counts, sizes, shapes and clocks — never from a header value, a secret, a signature or
/// the body, so a reason can be shown to anyone who may see the request's metadata.
/// </summary>
internal static class Reasons
{
    private const string Advice = "check the secret, and that nothing in front of the firewall re-encodes the body";

    public static string Missing(string header) =>
        $"`{header}` is absent: the request is not signed. Check that the webhook has a signing secret at the provider, and that nothing in front of the firewall drops the header.";

    public static string Repeated(string header) =>
        $"`{header}` appears more than once; it must appear exactly once (several values are ambiguous).";

    public static string NotInFormat(string header, string shape) => $"`{header}` is not in the provider's format ({shape}).";

    public static string NoSecretMatches(string header, string shape, int secrets, int bodyBytes, string? covering = null) =>
        $"`{header}` is well-formed ({shape}) but {SecretsPhrase(secrets)} produces it over the {Bytes(bodyBytes)} received{covering}: {Advice}.";

    public static string NoneListedMatches(string header, int listed, int secrets, int bodyBytes, string? covering = null) =>
        $"`{header}` lists {listed} signature{(listed == 1 ? string.Empty : "s")} and {SecretsPhrase(secrets)} produces any of them over the {Bytes(bodyBytes)} received{covering}: {Advice}.";

    public static string NoneOfHeadersMatches(string first, string last, int presented, int secrets, int bodyBytes, string? covering = null) =>
        $"`{first}` .. `{last}` carry {presented} signatures and {SecretsPhrase(secrets)} produces any of them over the {Bytes(bodyBytes)} received{covering}: {Advice}.";

    public static string KeyIdMissing(string header) =>
        $"`{header}` (the key id) is absent, empty or repeated: it names the secret that signed, so the request needs exactly one.";

    public static string UnknownKeyId(string header) =>
        $"`{header}` names a key id that is not among the configured KeyedSecrets: list the key's id (exactly as the provider shows it) with its secret.";

    public static string RequiredValue(string header, string value) =>
        $"`{header}` must be exactly `{value}` (the signature scheme this provider's policy verifies): absent, repeated or another value is another scheme.";

    public static string CannotEcho(string header, int maxLength) =>
        $"`{header}` is repeated, empty, longer than {maxLength} characters or not visible ASCII: it cannot be echoed.";

    public static string NoListedSignature(string header, string shape) =>
        $"`{header}` carries no signature in the provider's format ({shape}).";

    public static string TooManyListed(string header, int maximum) =>
        $"`{header}` lists more than {maximum} signatures: a rotation needs a handful, so the list is refused unread.";

    public static string SignedPartMissing(string header, string what) =>
        $"`{header}` ({what}) is absent or repeated: the signature covers it, so the request needs exactly one.";

    public static string TimestampNotInFormat(string where, TimestampUnit unit) =>
        $"{where} is not {Describe(unit)}: the signature covers the timestamp, so it must be readable.";

    public static string OutsideWindow(DateTimeOffset signedAt, DateTimeOffset now, TimeSpan window)
    {
        var skew = now - signedAt;
        var direction = skew >= TimeSpan.Zero ? "in the past" : "in the future";
        return $"the signed timestamp is {Seconds(skew.Duration())} {direction} and the replay window is {Seconds(window)} both ways: check the sender's clock, or this is a replay.";
    }

    public static string TokenMismatch(string where, int secrets) =>
        $"{where} carries a token, but it equals {(secrets == 1 ? "not the configured secret" : $"none of the {secrets} configured secrets")}: check the secret configured at the provider.";

    public static string NoSecretConfigured(string provider) =>
        $"no secret is configured for this {provider} policy yet, so nothing can verify: add it to Secrets.";

    /// <summary>A configured URL as scheme://host/path: its query may hold a credential.</summary>
    public static string SafeUrl(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var parsed))
        {
            return "(not an absolute URL)";
        }

        return parsed.GetLeftPart(UriPartial.Path);
    }

    public static string SignedUrlAdvice(string provider, string publicUrl) =>
        $"; the URL signed is PublicUrl = {SafeUrl(publicUrl)}, which must match the URL registered with {provider} exactly";

    public static string QueryDiffersFromPublicUrl(string provider, string publicUrl) =>
        $"the request's query string differs from the one in PublicUrl ({SafeUrl(publicUrl)}?...): {provider} signs the URL it was given, so a request to another query was not signed for this policy.";

    public static string Bytes(int count) => count == 1 ? "1 byte" : count.ToString("N0", CultureInfo.InvariantCulture) + " bytes";

    public static string Seconds(TimeSpan span)
    {
        var seconds = span.TotalSeconds;
        return seconds >= 10 || seconds == Math.Floor(seconds)
            ? ((long)Math.Floor(seconds)).ToString("N0", CultureInfo.InvariantCulture) + " s"
            : seconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";
    }

    /// <summary>"`sha256=` followed by 64 hex digits", "44 base64 characters" ...</summary>
    public static string Shape(string prefix, SignatureEncoding encoding, int macBytes)
    {
        var digits = encoding switch
        {
            SignatureEncoding.Hex => $"{macBytes * 2} hex digits",
            SignatureEncoding.Base64Url => $"{(macBytes * 8 + 5) / 6} base64url characters",
            _ => $"{(macBytes + 2) / 3 * 4} base64 characters",
        };
        return prefix.Length == 0 ? digits : $"`{prefix}` followed by {digits}";
    }

    private static string SecretsPhrase(int secrets) => secrets switch
    {
        0 => "no secret (none is configured)",
        1 => "the configured secret never",
        _ => $"none of the {secrets} configured secrets",
    };

    private static string Describe(TimestampUnit unit) => unit switch
    {
        TimestampUnit.UnixMilliseconds => "a Unix time in milliseconds",
        TimestampUnit.Rfc3339 => "an RFC 3339 date and time with an offset",
        TimestampUnit.Iso8601 => "an ISO 8601 date and time",
        _ => "a Unix time in seconds",
    };
}
