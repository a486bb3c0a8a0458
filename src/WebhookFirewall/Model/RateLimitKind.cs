namespace WebhookFirewall.Model;

internal enum RateLimitKind
{
    FixedWindow,
    TokenBucket,
}
