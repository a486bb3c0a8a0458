using System.Security.Cryptography;
using System.Text;
using WebhookFirewall.Verification;

namespace WebhookFirewall.Idempotency;

internal static class IdempotencyKey
{
    /// <summary>
    /// The stored key of <paramref name="key"/> on <paramref name="route"/>: the record is per route (one event sent to
    /// two endpoints is two deliveries), and every id is hashed — with its kind — so no literal id, however it is
    /// chosen, can ever equal another key, and a sender's id cannot bloat the store.
    /// </summary>
    public static string For(string route, DeliveryKey key)
    {
        var kind = key.Kind == IdempotencyKeyKind.Content ? "content" : "id";
        var text = string.Concat(route, "\n", kind, "\n", key.Value);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
