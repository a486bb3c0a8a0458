using WebhookFirewall.Verification.Schemes;

namespace WebhookFirewall.Verification.Providers;

/// <summary>
/// Plaid webhooks (see <see cref="PlaidCheck"/>). `Secrets` holds the API secret, used only to fetch keys; the body
/// names no id of a delivery, so none is read. No handshake.
/// </summary>
internal static class Plaid
{
    public static ProviderDefinition Definition { get; } = new()
    {
        Name = "plaid",
        Summary = "Plaid-Verification: ES256 JWT (kid's key from /webhook_verification_key/get with ClientId and the API secret, fetched and cached; a key past its expired_at refused), iat held to the replay window, request_body_sha256 = hex SHA-256 of the body",
        Requires = ProviderSetting.ClientId | ProviderSetting.Secrets,
        Accepts = ProviderSetting.Environment | ProviderSetting.KeyEndpoint,
        FetchingCheck = PlaidCheck.Create,
        CreatePrivateKeySigner = PlaidSigner.Create,
    };
}
