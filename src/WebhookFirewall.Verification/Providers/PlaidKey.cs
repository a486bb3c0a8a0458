using WebhookFirewall.Verification.Primitives;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace WebhookFirewall.Verification.Providers;

/// <summary>
/// One webhook verification key from Plaid's `/webhook_verification_key/get` (plaid/plaid-openapi 2020-09-14.yml,
/// JWKPublicKey): an EC P-256 JWK for ES256, with `expired_at` once Plaid has retired it.
/// </summary>
internal sealed class PlaidKey
{
    private PlaidKey(JsonWebKey key, DateTimeOffset? expiredAt)
    {
        Key = key;
        ExpiredAt = expiredAt;
    }

    public JsonWebKey Key { get; }

    public DateTimeOffset? ExpiredAt { get; }

    /// <summary>The answer's `key`, when it is the EC P-256 signing key of <paramref name="keyId"/>; null otherwise.</summary>
    public static PlaidKey? TryRead(byte[] answer, string keyId)
    {
        try
        {
            using var document = JsonDocument.Parse(answer);
            if (!document.RootElement.TryGetProperty("key", out var key) || key.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            string? Text(string name) => key.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
            if (Text("kty") != "EC" || Text("crv") != "P-256" || Text("kid") != keyId || Text("alg") is not (null or "ES256")
                || Text("use") is not (null or "sig") || Text("x") is not { } x || Text("y") is not { } y)
            {
                return null;
            }

            DateTimeOffset? expiredAt = null;
            if (key.TryGetProperty("expired_at", out var expired) && expired.ValueKind != JsonValueKind.Null)
            {
                if (expired.ValueKind != JsonValueKind.Number || !expired.TryGetInt64(out var seconds) || seconds is < 0 or > Timestamps.MaxUnixSeconds)
                {
                    return null;
                }

                expiredAt = DateTimeOffset.FromUnixTimeSeconds(seconds);
            }

            return new PlaidKey(new JsonWebKey { Kty = "EC", Crv = "P-256", X = x, Y = y, Kid = keyId, Alg = "ES256" }, expiredAt);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
