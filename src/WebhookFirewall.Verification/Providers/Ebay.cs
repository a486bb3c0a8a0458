using WebhookFirewall.Verification.Providers.Handshakes;
using WebhookFirewall.Verification.Schemes;

namespace WebhookFirewall.Verification.Providers;

/// <summary>
/// eBay Notification API (marketplace account deletion and the other topics; see <see cref="EbayCheck"/>). The
/// delivery id is the signed body's `notification.notificationId`; `publishAttemptCount`, also signed, changes on
/// each retry, so a retry is a new signature over the same id. The endpoint validation GET is answered by the
/// firewall (<see cref="EbayChallenge"/>).
/// </summary>
internal static class Ebay
{
    public static ProviderDefinition Definition { get; } = new()
    {
        Name = "ebay",
        Summary = "X-EBAY-SIGNATURE: base64 JSON {alg ecdsa, kid, signature, digest SHA1}; ECDSA-P256-SHA1 over the body re-serialised as JSON.stringify does, by kid's key from eBay's Notification API (fetched with an application token from ClientId and Secrets); challenge_code GET answered",
        Requires = ProviderSetting.ClientId | ProviderSetting.Secrets | ProviderSetting.VerifyToken | ProviderSetting.PublicUrl,
        Accepts = ProviderSetting.Environment | ProviderSetting.KeyEndpoint,
        FetchingCheck = EbayCheck.Create,
        DeliveryId = new NestedJsonFieldDeliveryId("notification", "notificationId"),
        UnsignedHandshake = settings => new EbayChallenge(settings.VerifyToken ?? string.Empty, settings.PublicUrl ?? string.Empty),
        CreatePrivateKeySigner = EbaySigner.Create,
    };
}
