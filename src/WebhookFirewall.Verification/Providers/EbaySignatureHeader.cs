using System.Text.Json;
using System.Text.RegularExpressions;

namespace WebhookFirewall.Verification.Providers;

/// <summary>
/// `X-EBAY-SIGNATURE`: base64 of `{"alg":"ecdsa","kid":"...","signature":"<base64 DER>","digest":"SHA1"}`
/// (eBay/event-notification-nodejs-sdk lib/validator.js, getXeBaySignatureHeader), read strictly: each member once,
/// strings only, the algorithm and digest eBay uses and no other, a key id fit to be a URL path segment.
/// </summary>
internal sealed partial class EbaySignatureHeader
{
    public const string Name = "X-EBAY-SIGNATURE";

    private const int MaxHeaderLength = 2048;

    /// <summary>A DER SEQUENCE of two INTEGERs of at most 33 bytes each: a P-256 signature is no longer.</summary>
    private const int MaxSignatureBytes = 72;

    private EbaySignatureHeader(string keyId, byte[] signature)
    {
        KeyId = keyId;
        Signature = signature;
    }

    public string KeyId { get; }

    public byte[] Signature { get; }

    public static EbaySignatureHeader? TryParse(string value)
    {
        if (value.Length > MaxHeaderLength)
        {
            return null;
        }

        var json = new byte[value.Length];
        if (!Convert.TryFromBase64String(value, json, out var length))
        {
            return null;
        }

        string? alg = null, kid = null, signature = null, digest = null;
        try
        {
            var reader = new Utf8JsonReader(json.AsSpan(0, length), new JsonReaderOptions { MaxDepth = 2 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                if (!reader.Read() || reader.TokenType != JsonTokenType.String)
                {
                    return null;
                }

                var text = reader.GetString();
                var repeated = name switch
                {
                    "alg" => Set(ref alg, text),
                    "kid" => Set(ref kid, text),
                    "signature" => Set(ref signature, text),
                    "digest" => Set(ref digest, text),
                    _ => false,
                };
                if (repeated)
                {
                    return null;
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                return null;
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return null;
        }

        var der = new byte[MaxSignatureBytes];
        return alg == "ecdsa" && digest == "SHA1" && kid is not null && KeyIdPattern().IsMatch(kid)
            && signature is not null && Convert.TryFromBase64String(signature, der, out var written)
            && written >= 8 && der[0] == 0x30 && der[1] == written - 2
            ? new EbaySignatureHeader(kid, der[..written])
            : null;
    }

    private static bool Set(ref string? field, string? value)
    {
        var repeated = field is not null;
        field = value;
        return repeated;
    }

    [GeneratedRegex(@"\A[A-Za-z0-9_-]{1,128}\z", RegexOptions.CultureInvariant)]
    private static partial Regex KeyIdPattern();
}
