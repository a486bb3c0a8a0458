namespace WebhookFirewall.Model;

/// <summary>A policy's `Idempotency` section: whether its deliveries are claimed, and for how long a done one is remembered.</summary>
internal sealed record IdempotencySettings(bool Enabled, TimeSpan Ttl, string? KeyHeader)
{
    public static readonly TimeSpan DefaultTtl = TimeSpan.FromDays(1);
}
