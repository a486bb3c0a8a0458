using System.Security.Cryptography;
using System.Text;

namespace WebhookFirewall.Idempotency;

internal static class IdempotencyKey
{
    private const int MaxIdLength = 200;

    /// <summary>
    /// `policy:deliveryId`. Delivery ids are sender data: an absurdly long one is hashed so it cannot bloat the store.
    /// </summary>
    public static string For(string policy, string deliveryId)
    {
        if (deliveryId.Length <= MaxIdLength)
        {
            return string.Concat(policy, ":", deliveryId);
        }

        return string.Concat(policy, ":sha256:", Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(deliveryId))));
    }
}
