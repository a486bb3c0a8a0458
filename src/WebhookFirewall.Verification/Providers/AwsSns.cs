using WebhookFirewall.Verification.Schemes;

namespace WebhookFirewall.Verification.Providers;

/// <summary>
/// AWS SNS HTTP(S) subscriptions (see <see cref="AwsSnsCheck"/>). A signed SubscriptionConfirmation for an allowed
/// topic is confirmed by the firewall and never forwarded; an UnsubscribeConfirmation is forwarded like a
/// notification. SNS re-sends one signed message (same MessageId, same Timestamp) for up to an hour, hence the
/// provider's one-hour replay window. The token and the two URLs of a message let whoever holds them confirm or end
/// the subscription: they are redacted from captured payloads.
/// </summary>
internal static class AwsSns
{
    public static ProviderDefinition Definition { get; } = new()
    {
        Name = "aws-sns",
        Summary = "Signature (body): RSA over the signed members, SHA1 (SignatureVersion 1) or SHA256 (2), by the certificate at SigningCertURL, which must be https://sns.<TopicArn's region>.amazonaws.com/SimpleNotificationService-<32 hex>.pem (pinned or fetched; CN=sns.amazonaws.com, valid now); TopicArn in TopicArns; SubscriptionConfirmation confirmed by the firewall",
        Requires = ProviderSetting.TopicArns,
        Accepts = ProviderSetting.SigningCertificates,
        FetchingCheck = AwsSnsCheck.Create,
        DeliveryId = DeliveryIdSource.JsonField("MessageId"),
        EventTypeHeader = "x-amz-sns-message-type",
        CredentialFields = ["Token", "SubscribeURL", "UnsubscribeURL"],
        DefaultReplayWindow = TimeSpan.FromHours(1),
        RetryHorizon = TimeSpan.FromHours(1),
        CreatePrivateKeySigner = AwsSnsSigner.Create,
    };
}
