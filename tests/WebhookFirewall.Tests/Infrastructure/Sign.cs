using System.Security.Cryptography;
using System.Text;

namespace WebhookFirewall.Tests.Infrastructure;

/// <summary>Signs test deliveries the way each provider does (see the verification tests for the published vectors).</summary>
public static class Sign
{
    public static string GitHub(string secret, byte[] body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    public static string Slack(string secret, long timestamp, byte[] body) =>
        "v0=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Concat($"v0:{timestamp}:", body)));

    public static string StandardWebhooks(string whsecKey, string id, long timestamp, byte[] body)
    {
        var key = Convert.FromBase64String(whsecKey["whsec_".Length..]);
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Concat($"{id}.{timestamp}.", body)));
    }

    public static string Stripe(string secret, long timestamp, byte[] body) =>
        $"t={timestamp},v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Concat($"{timestamp}.", body)));

    private static byte[] Concat(string prefix, byte[] body) => [.. Encoding.UTF8.GetBytes(prefix), .. body];

    public static long Now() => DateTimeOffset.UtcNow.ToUnixTimeSeconds();
}
