using System.Security.Cryptography;
using System.Text;

namespace WebhookFirewall.Verification.Tests.Support;

/// <summary>
/// Signs test requests independently of the library (BCL HMAC, or the provider's own SDK where there is one), so a
/// test checks the scheme rather than echoing the code under test.
/// </summary>
public static class Sign
{
    public static byte[] Hmac(HashAlgorithmName algorithm, string secret, byte[] content)
    {
        var key = Encoding.UTF8.GetBytes(secret);
        return algorithm.Name switch
        {
#pragma warning disable CA5350 // generic-hmac must support the SHA-1 some senders still use
            "SHA1" => HMACSHA1.HashData(key, content),
#pragma warning restore CA5350
            "SHA256" => HMACSHA256.HashData(key, content),
            "SHA512" => HMACSHA512.HashData(key, content),
            _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
        };
    }

    public static string Sha256Hex(string secret, byte[] content) => Hex(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), content));

    public static string Sha256Hex(string secret, string content) => Sha256Hex(secret, Encoding.UTF8.GetBytes(content));

    public static string Sha256Base64(string secret, byte[] content) => Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), content));

    public static string Hex(byte[] mac) => Convert.ToHexStringLower(mac);

    /// <summary>Slack: `v0=` hex HMAC-SHA256 of `v0:{timestamp}:{body}`.</summary>
    public static string Slack(string secret, string timestamp, byte[] body) =>
        "v0=" + Sha256Hex(secret, Concat($"v0:{timestamp}:", body));

    /// <summary>Standard Webhooks: `v1,` base64 HMAC-SHA256 of `{id}.{timestamp}.{body}`, key = base64 after `whsec_`.</summary>
    public static string StandardWebhooks(string whsecSecret, string id, string timestamp, byte[] body)
    {
        var key = Convert.FromBase64String(whsecSecret.StartsWith("whsec_", StringComparison.Ordinal) ? whsecSecret[6..] : whsecSecret);
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Concat($"{id}.{timestamp}.", body)));
    }

    /// <summary>
    /// Stripe, signed by Stripe.net itself (<see cref="global::Stripe.EventUtility.ComputeSignature"/>): hex
    /// HMAC-SHA256 of `{t}.{payload}` keyed with the whole `whsec_...` string.
    /// </summary>
    public static string StripeHeader(string secret, long timestamp, string payload) =>
        $"t={timestamp},v1={StripeV1(secret, timestamp, payload)}";

    public static string StripeV1(string secret, long timestamp, string payload) =>
        global::Stripe.EventUtility.ComputeSignature(secret, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture), payload);

    public static byte[] Concat(string prefix, byte[] body) => [.. Encoding.UTF8.GetBytes(prefix), .. body];
}
