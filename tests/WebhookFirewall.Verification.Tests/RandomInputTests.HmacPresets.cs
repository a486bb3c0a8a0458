using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests;

/// <summary>
/// The HMAC presets and URL signers in the same two properties: how each is signed, and the change an attacker without
/// the secret could make to each (for schemes that do not sign the raw body, a change to what they do sign).
/// </summary>
public sealed partial class RandomInputTests
{
    private const string PublicUrl = "https://hooks.example.com/random";

    // Properties, not fields: static field initializers of two partial files run in no defined order.
    private static string[] PresetHeaderNames =>
    [
        "X-Hub-Signature", "X-Request-UUID", "X-Razorpay-Signature", "Typeform-Signature", "Sentry-Hook-Signature",
        "x-vercel-signature", "circleci-signature", "X-CC-Webhook-Signature", "X-Notion-Signature", "X-PagerDuty-Signature",
        "Paddle-Signature", "Calendly-Webhook-Signature", "Linear-Signature", "X-Zendesk-Webhook-Signature",
        "X-Zendesk-Webhook-Signature-Timestamp", "X-Twilio-Signature", "x-square-hmacsha256-signature",
        "X-HubSpot-Signature-v3", "X-HubSpot-Request-Timestamp", "X-HubSpot-Signature", "X-HubSpot-Signature-Version",
    ];

    private static IEnumerable<KeyValuePair<string, IWebhookVerifier>> PresetVerifiers()
    {
        string[] plain = ["bitbucket", "intercom", "jira", "razorpay", "typeform", "sentry", "vercel", "circleci", "coinbase", "notion", "pagerduty", "paddle", "calendly", "linear", "zendesk", "mailgun"];
        foreach (var provider in plain)
        {
            yield return KeyValuePair.Create(provider, Verifiers.Create(provider, Secret));
        }

        foreach (var provider in (string[])["twilio", "square", "hubspot"])
        {
            yield return KeyValuePair.Create(provider, Verifiers.Create(provider, new ProviderSettings { Secrets = [Secret], PublicUrl = PublicUrl }));
        }
    }

    private static Request SignedPresetRequest(string provider, byte[] body, DateTimeOffset signedAt)
    {
        var ts = signedAt.ToUnixTimeSeconds();
        var ms = signedAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var request = Request.Post(body);
        switch (provider)
        {
            case "bitbucket" or "jira":
                return request.Header("X-Hub-Signature", "sha256=" + Sign.Sha256Hex(Secret, body));
            case "intercom":
                return request.Header("X-Hub-Signature", "sha1=" + PresetSign.Sha1Hex(Secret, body));
            case "notion":
                return request.Header("X-Notion-Signature", "sha256=" + Sign.Sha256Hex(Secret, body));
            case "razorpay":
                return request.Header("X-Razorpay-Signature", Sign.Sha256Hex(Secret, body));
            case "coinbase":
                return request.Header("X-CC-Webhook-Signature", Sign.Sha256Hex(Secret, body));
            case "sentry":
                return request.Header("Sentry-Hook-Signature", Sign.Sha256Hex(Secret, body));
            case "typeform":
                return request.Header("Typeform-Signature", "sha256=" + Sign.Sha256Base64(Secret, body));
            case "vercel":
                return request.Header("x-vercel-signature", PresetSign.Sha1Hex(Secret, body));
            case "circleci":
                return request.Header("circleci-signature", "v1=" + Sign.Sha256Hex(Secret, body));
            case "pagerduty":
                return request.Header("X-PagerDuty-Signature", "v1=" + Sign.Sha256Hex("not-the-property-secret", body) + ",v1=" + Sign.Sha256Hex(Secret, body));
            case "paddle":
                return request.Header("Paddle-Signature", PresetSign.PaddleHeader(Secret, ts, body));
            case "calendly":
                return request.Header("Calendly-Webhook-Signature", PresetSign.CalendlyHeader(Secret, ts, body));
            case "zendesk":
                var rfc3339 = signedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
                return request.Header("X-Zendesk-Webhook-Signature", PresetSign.Zendesk(Secret, rfc3339, body)).Header("X-Zendesk-Webhook-Signature-Timestamp", rfc3339);
            case "linear":
                var stamped = WithLinearTimestamp(body, ms);
                return Request.Post(stamped).Header("Linear-Signature", Sign.Sha256Hex(Secret, stamped));
            case "mailgun":
                var token = "tok" + ts.ToString("x", CultureInfo.InvariantCulture) + body.Length;
                var fields = $$$"""{"signature":{"timestamp":"{{{ts}}}","token":"{{{token}}}","signature":"{{{PresetSign.Mailgun(Secret, ts.ToString(CultureInfo.InvariantCulture), token)}}}"},"event-data":""";
                return Request.Post([.. Encoding.UTF8.GetBytes(fields), .. (body.Length == 0 ? "null"u8.ToArray() : body), (byte)'}']);
            case "twilio":
                var form = "Body=" + PercentEncode(body);
                return Request.Post(form).Header("X-Twilio-Signature", PresetSign.TwilioForm(Secret, PublicUrl, form));
            case "square":
                return request.Header("x-square-hmacsha256-signature", PresetSign.Square(Secret, PublicUrl, body));
            case "hubspot":
                return request.Header("X-HubSpot-Signature-v3", PresetSign.HubSpotV3(Secret, "POST", PublicUrl, body, ms)).Header("X-HubSpot-Request-Timestamp", ms);
            default:
                throw new ArgumentOutOfRangeException(nameof(provider));
        }
    }

    /// <summary>
    /// A change to what the scheme signs, for those where flipping a body byte is not one (Mailgun signs two fields;
    /// Twilio signs decoded parameters, so `%2B` and `%2b` are the same) or where the URL or timestamp is also signed.
    /// False leaves the caller's body mutation to do.
    /// </summary>
    private static bool TryMutatePreset(string provider, Request request, Random random)
    {
        var delta = random.Next(1, 100) * (random.Next(2) == 0 ? 1 : -1);
        switch (provider)
        {
            case "mailgun":
                var text = Encoding.UTF8.GetString(request.Body);
                text = random.Next(3) switch
                {
                    0 => Regex.Replace(text, "\"token\":\"([^\"]*)\"", m => $"\"token\":\"{m.Groups[1].Value}{random.Next(10)}\""),
                    1 => Regex.Replace(text, "\"timestamp\":\"([0-9]+)\"", m => $"\"timestamp\":\"{long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) + delta}\""),
                    _ => Regex.Replace(text, "\"signature\":\"([0-9a-f])", m => $"\"signature\":\"{(m.Groups[1].Value == "0" ? '1' : '0')}"),
                };
                request.WithBody(text);
                return true;
            case "twilio":
                if (random.Next(2) == 0)
                {
                    request.WithBody([.. request.Body, .. Encoding.UTF8.GetBytes($"&Extra={random.Next()}")]);
                }
                else
                {
                    request.WithQuery($"?x={random.Next()}");
                }

                return true;
            case "square" or "hubspot" when random.Next(2) == 0:
                request.WithQuery($"?x={random.Next()}");
                return true;
            case "hubspot" when random.Next(2) == 0:
                var ms = long.Parse(request.Headers.Get("X-HubSpot-Request-Timestamp").Value!, CultureInfo.InvariantCulture);
                request.ReplaceHeader("X-HubSpot-Request-Timestamp", (ms + delta).ToString(CultureInfo.InvariantCulture));
                return true;
            case "zendesk" when random.Next(2) == 0:
                var at = DateTimeOffset.Parse(request.Headers.Get("X-Zendesk-Webhook-Signature-Timestamp").Value!, CultureInfo.InvariantCulture).AddSeconds(delta);
                request.ReplaceHeader("X-Zendesk-Webhook-Signature-Timestamp", at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
                return true;
            case "paddle" or "calendly" when random.Next(2) == 0:
                var header = provider == "paddle" ? "Paddle-Signature" : "Calendly-Webhook-Signature";
                var value = Regex.Replace(request.Headers.Get(header).Value!, "^(ts?)=([0-9]+)", m => $"{m.Groups[1].Value}={long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) + delta}");
                request.ReplaceHeader(header, value);
                return true;
            default:
                return false;
        }
    }

    /// <summary>Linear's bodies carry `webhookTimestamp` (ms) as a top-level member; other bodies are signed as they are.</summary>
    private static byte[] WithLinearTimestamp(byte[] body, string ms)
    {
        if (body.Length < 2 || body[0] != (byte)'{')
        {
            return body;
        }

        var member = Encoding.UTF8.GetBytes($"{{\"webhookTimestamp\":{ms}" + (body[1] == (byte)'}' ? string.Empty : ","));
        return [.. member, .. body[1..]];
    }

    /// <summary>Every byte outside the unreserved set as %XX: any bytes become one form value.</summary>
    private static string PercentEncode(byte[] bytes)
    {
        var text = new StringBuilder(bytes.Length * 3);
        foreach (var b in bytes)
        {
            if (char.IsAsciiLetterOrDigit((char)b) || b is (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~')
            {
                text.Append((char)b);
            }
            else
            {
                text.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return text.ToString();
    }
}
