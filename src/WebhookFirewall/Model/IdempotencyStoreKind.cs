namespace WebhookFirewall.Model;

internal enum IdempotencyStoreKind
{
    Memory,
    Redis,
}
