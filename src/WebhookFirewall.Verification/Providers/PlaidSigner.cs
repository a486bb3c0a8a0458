using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using WebhookFirewall.Verification.Primitives;

namespace WebhookFirewall.Verification.Providers;

/// <summary>
/// The `sign` verb for plaid: a token shaped as Plaid's (ES256, `kid` the key's id, claims `iat` and
/// `request_body_sha256` only), signed with a P-256 key of one's own that a `KeyEndpoint` serves.
/// </summary>
internal sealed class PlaidSigner(byte[] pkcs8, string keyId) : IWebhookSigner
{
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    public static IWebhookSigner? Create(string privateKey, ProviderSettings settings, ICollection<SettingProblem> problems)
    {
        using var ecdsa = PrivateKeys.EcdsaP256(privateKey);
        if (ecdsa is null)
        {
            problems.Add(new SettingProblem("Secret", $"is not an ECDSA P-256 private key ({PrivateKeys.Formats})"));
            return null;
        }

        return new PlaidSigner(ecdsa.ExportPkcs8PrivateKey(), PrivateKeys.KeyId(ecdsa));
    }

    public void Sign(SigningInput input, ICollection<KeyValuePair<string, string>> headers)
    {
        using var ecdsa = ECDsa.Create();
        ecdsa.ImportPkcs8PrivateKey(pkcs8, out _);
        var token = Handler.CreateToken(new SecurityTokenDescriptor
        {
            Claims = new Dictionary<string, object>
            {
                ["iat"] = input.Timestamp.ToUnixTimeSeconds(),
                ["request_body_sha256"] = Convert.ToHexStringLower(SHA256.HashData(input.Body)),
            },
            SigningCredentials = new SigningCredentials(new ECDsaSecurityKey(ecdsa) { KeyId = keyId }, PlaidCheck.Algorithm),
        });
        headers.Add(new(PlaidCheck.Header, token));
    }
}
