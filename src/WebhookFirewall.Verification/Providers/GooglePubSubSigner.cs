using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using WebhookFirewall.Verification.Primitives;

namespace WebhookFirewall.Verification.Providers;

/// <summary>
/// The `sign` verb for google-pubsub: a token shaped as Google's (RS256, `kid` the key's id, iss, aud = Audience,
/// email = ServiceAccountEmail, email_verified, an hour's lifetime from the signing time), signed with an RSA key of
/// one's own whose public key a `KeyEndpoint` JWKS serves.
/// </summary>
internal sealed class GooglePubSubSigner(byte[] pkcs8, string keyId, string audience, string email) : IWebhookSigner
{
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    public static IWebhookSigner? Create(string privateKey, ProviderSettings settings, ICollection<SettingProblem> problems)
    {
        var audience = settings.Audience ?? settings.PublicUrl;
        if (string.IsNullOrWhiteSpace(audience))
        {
            problems.Add(new SettingProblem("Audience", "is needed to sign for google-pubsub (the token's aud)"));
        }

        if (string.IsNullOrWhiteSpace(settings.ServiceAccountEmail))
        {
            problems.Add(new SettingProblem("ServiceAccountEmail", "is needed to sign for google-pubsub (the token's email)"));
        }

        using var rsa = PrivateKeys.Rsa(privateKey);
        if (rsa is null)
        {
            problems.Add(new SettingProblem("Secret", $"is not an RSA private key of at least 2048 bits ({PrivateKeys.Formats})"));
        }

        return rsa is null || string.IsNullOrWhiteSpace(audience) || string.IsNullOrWhiteSpace(settings.ServiceAccountEmail)
            ? null
            : new GooglePubSubSigner(rsa.ExportPkcs8PrivateKey(), PrivateKeys.KeyId(rsa), audience, settings.ServiceAccountEmail);
    }

    public void Sign(SigningInput input, ICollection<KeyValuePair<string, string>> headers)
    {
        using var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(pkcs8, out _);
        var token = Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "https://accounts.google.com",
            Audience = audience,
            IssuedAt = input.Timestamp.UtcDateTime,
            Expires = input.Timestamp.UtcDateTime.AddHours(1),
            Claims = new Dictionary<string, object> { ["email"] = email, ["email_verified"] = true, ["sub"] = keyId },
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(rsa) { KeyId = keyId }, GooglePubSubCheck.Algorithm),
        });
        headers.Add(new(GooglePubSubCheck.Header, "Bearer " + token));
    }
}
