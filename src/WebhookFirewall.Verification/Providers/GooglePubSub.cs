using WebhookFirewall.Verification.Schemes;

namespace WebhookFirewall.Verification.Providers;

/// <summary>
/// Google Cloud Pub/Sub push subscriptions with authentication (see <see cref="GooglePubSubCheck"/>). The body's
/// `message.messageId` is the delivery id, but the token does not cover it, nor the body: a captured token
/// authenticates any body until it expires (an hour). Deliveries are keyed by content, so the captured push itself
/// cannot be replayed while its record lives, but another body under the same token is a new delivery. No handshake.
/// </summary>
internal static class GooglePubSub
{
    public static ProviderDefinition Definition { get; } = new()
    {
        Name = "google-pubsub",
        Summary = "Authorization: Bearer <Google OIDC token>, RS256 by a key of Google's JWKS (https://www.googleapis.com/oauth2/v3/certs, fetched, cached), iss accounts.google.com, aud = Audience, email = ServiceAccountEmail with email_verified, not expired; the body is not covered",
        Requires = ProviderSetting.Audience | ProviderSetting.ServiceAccountEmail,
        Accepts = ProviderSetting.KeyEndpoint,
        FetchingCheck = GooglePubSubCheck.Create,
        DeliveryId = new NestedJsonFieldDeliveryId("message", "messageId"),
        CreatePrivateKeySigner = GooglePubSubSigner.Create,
    };
}
