using System.Collections.Frozen;
using Microsoft.IdentityModel.Tokens;

namespace WebhookFirewall.Verification.Primitives;

/// <summary>A provider's JWKS (Google's), read by Microsoft.IdentityModel: its signing keys of one type, by `kid`.</summary>
internal sealed class JsonWebKeys
{
    private const int MaxKeys = 16;

    private readonly FrozenDictionary<string, JsonWebKey> _keys;

    private JsonWebKeys(FrozenDictionary<string, JsonWebKey> keys) => _keys = keys;


    public JsonWebKey? Find(string keyId) => _keys.GetValueOrDefault(keyId);

    /// <summary>The keys of type <paramref name="keyType"/> meant for signatures with <paramref name="algorithm"/> (or unmarked); null when the document is no JWKS.</summary>
    public static JsonWebKeys? TryRead(byte[] json, string keyType, string algorithm)
    {
        try
        {
            var set = new JsonWebKeySet(System.Text.Encoding.UTF8.GetString(json));
            var keys = new Dictionary<string, JsonWebKey>(StringComparer.Ordinal);
            foreach (var key in set.Keys)
            {
                if (key.Kty == keyType && !string.IsNullOrEmpty(key.Kid)
                    && (string.IsNullOrEmpty(key.Use) || key.Use == "sig")
                    && (string.IsNullOrEmpty(key.Alg) || key.Alg == algorithm))
                {
                    keys.TryAdd(key.Kid, key);
                }
            }

            return keys.Count is > 0 and <= MaxKeys ? new JsonWebKeys(keys.ToFrozenDictionary(StringComparer.Ordinal)) : null;
        }
        catch (ArgumentException)
        {
            return null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
