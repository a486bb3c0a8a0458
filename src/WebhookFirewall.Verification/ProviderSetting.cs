namespace WebhookFirewall.Verification;

/// <summary>The provider-level policy settings, by config key: what a provider requires and what it accepts.</summary>
[Flags]
public enum ProviderSetting
{
    None = 0,
    Secrets = 1 << 0,
    VerifyToken = 1 << 1,
    PublicKey = 1 << 2,
    PublicUrl = 1 << 3,
    Header = 1 << 4,
    QueryParameter = 1 << 5,
    Algorithm = 1 << 6,
    Encoding = 1 << 7,
    Prefix = 1 << 8,
    TimestampHeader = 1 << 9,
    SignedContent = 1 << 10,
    TopicArns = 1 << 11,
    SigningCertificates = 1 << 12,
    WebhookId = 1 << 13,
    Environment = 1 << 14,
    Audience = 1 << 15,
    ServiceAccountEmail = 1 << 16,
    ClientId = 1 << 17,
    ClientState = 1 << 18,
    KeyedSecrets = 1 << 19,
    Username = 1 << 20,
    Scheme = 1 << 21,
    KeyEndpoint = 1 << 22,
}
