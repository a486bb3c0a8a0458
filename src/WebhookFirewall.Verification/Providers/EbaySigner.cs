using System.Security.Cryptography;
using System.Text.Json;
using WebhookFirewall.Verification.Primitives;

namespace WebhookFirewall.Verification.Providers;

/// <summary>
/// The `sign` verb for ebay: an `X-EBAY-SIGNATURE` as eBay writes it, over the body's JavaScript re-serialisation,
/// with a P-256 key of one's own (`kid` its id) that a `KeyEndpoint` serves.
/// </summary>
internal sealed class EbaySigner(byte[] pkcs8, string keyId) : IWebhookSigner
{
    public static IWebhookSigner? Create(string privateKey, ProviderSettings settings, ICollection<SettingProblem> problems)
    {
        using var ecdsa = PrivateKeys.EcdsaP256(privateKey);
        if (ecdsa is null)
        {
            problems.Add(new SettingProblem("Secret", $"is not an ECDSA P-256 private key ({PrivateKeys.Formats})"));
            return null;
        }

        return new EbaySigner(ecdsa.ExportPkcs8PrivateKey(), PrivateKeys.KeyId(ecdsa));
    }

    public void Sign(SigningInput input, ICollection<KeyValuePair<string, string>> headers)
    {
        using var ecdsa = ECDsa.Create();
        ecdsa.ImportPkcs8PrivateKey(pkcs8, out _);

        // A body that has no faithful re-serialisation is signed as is: the firewall refuses it either way.
        var signed = JavaScriptJson.TryReserialize(input.Body, out _) ?? input.Body;
        var signature = ecdsa.SignData(signed, HashAlgorithmName.SHA1, DSASignatureFormat.Rfc3279DerSequence);
        var header = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string>
        {
            ["alg"] = "ecdsa",
            ["kid"] = keyId,
            ["signature"] = Convert.ToBase64String(signature),
            ["digest"] = "SHA1",
        });
        headers.Add(new(EbaySignatureHeader.Name, Convert.ToBase64String(header)));
    }
}
