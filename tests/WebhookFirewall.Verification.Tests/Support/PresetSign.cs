using System.Security.Cryptography;
using System.Text;

namespace WebhookFirewall.Verification.Tests.Support;

/// <summary>
/// Signs requests for the HMAC presets and URL signers the way each provider's own reference code does, with the BCL
/// only (never the library under test), so a test checks the scheme rather than echoing the implementation.
/// </summary>
public static class PresetSign
{
#pragma warning disable CA5350 // Twilio, Intercom and Vercel sign with SHA-1: the providers' choice
    public static byte[] HmacSha1(string secret, byte[] content) => HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret), content);
#pragma warning restore CA5350

    public static string Sha1Hex(string secret, byte[] content) => Sign.Hex(HmacSha1(secret, content));

    /// <summary>Paddle: hex HMAC-SHA256 of `{ts}:{body}`, key the whole secret string.</summary>
    public static string PaddleHeader(string secret, long timestamp, byte[] body) =>
        $"ts={timestamp};h1={Sign.Sha256Hex(secret, Sign.Concat($"{timestamp}:", body))}";

    /// <summary>Calendly: hex HMAC-SHA256 of `{t}.{body}`.</summary>
    public static string CalendlyHeader(string secret, long timestamp, byte[] body) =>
        $"t={timestamp},v1={Sign.Sha256Hex(secret, Sign.Concat($"{timestamp}.", body))}";

    /// <summary>Zendesk: base64 HMAC-SHA256 of the timestamp text immediately followed by the body.</summary>
    public static string Zendesk(string secret, string timestamp, byte[] body) => Sign.Sha256Base64(secret, Sign.Concat(timestamp, body));

    /// <summary>Mailgun: hex HMAC-SHA256 of timestamp + token.</summary>
    public static string Mailgun(string signingKey, string timestamp, string token) => Sign.Sha256Hex(signingKey, timestamp + token);

    /// <summary>Square (square-python-sdk webhooks_helper.py): base64 HMAC-SHA256 of notification URL + body.</summary>
    public static string Square(string signatureKey, string url, byte[] body) => Sign.Sha256Base64(signatureKey, Sign.Concat(url, body));

    /// <summary>HubSpot v3 (hubspot-api-python signature.py): base64 HMAC-SHA256 of method + uri + body + timestamp.</summary>
    public static string HubSpotV3(string secret, string method, string uri, byte[] body, string timestamp) =>
        Sign.Sha256Base64(secret, [.. Encoding.UTF8.GetBytes(method + uri), .. body, .. Encoding.UTF8.GetBytes(timestamp)]);

    /// <summary>HubSpot v1: hex SHA-256 (no HMAC) of secret + body.</summary>
    public static string HubSpotV1(string secret, byte[] body) => Sign.Hex(SHA256.HashData(Sign.Concat(secret, body)));

    /// <summary>HubSpot v2: hex SHA-256 (no HMAC) of secret + method + uri + body.</summary>
    public static string HubSpotV2(string secret, string method, string uri, byte[] body) => Sign.Hex(SHA256.HashData(Sign.Concat(secret + method + uri, body)));

    /// <summary>
    /// Twilio, as twilio-python's RequestValidator.compute_signature: the URL, then every parameter sorted by name (and
    /// a repeated name's values sorted), name + value, HMAC-SHA1 with the auth token, base64.
    /// </summary>
    public static string Twilio(string authToken, string url, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var text = new StringBuilder(url);
        foreach (var (name, value) in parameters.OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal))
        {
            text.Append(name).Append(value);
        }

        return Convert.ToBase64String(HmacSha1(authToken, Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>Twilio over a urlencoded body, decoded the way a web framework hands parameters to Twilio's validator.</summary>
    public static string TwilioForm(string authToken, string url, string formBody) => Twilio(authToken, url, DecodeForm(formBody));

    /// <summary>Twilio for a JSON body: the URL (already carrying bodySHA256) alone.</summary>
    public static string TwilioUrl(string authToken, string url) => Twilio(authToken, url, []);

    public static string BodySha256Hex(byte[] body) => Sign.Hex(SHA256.HashData(body));

    /// <summary>`application/x-www-form-urlencoded` of the parameters (spaces as %20, '+' as %2B).</summary>
    public static string EncodeForm(IEnumerable<KeyValuePair<string, string>> parameters) =>
        string.Join('&', parameters.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));

    private static IEnumerable<KeyValuePair<string, string>> DecodeForm(string body) =>
        body.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(pair =>
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? pair : pair[..equals];
            var value = equals < 0 ? string.Empty : pair[(equals + 1)..];
            return KeyValuePair.Create(Decode(name), Decode(value));
        });

    private static string Decode(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));
}
