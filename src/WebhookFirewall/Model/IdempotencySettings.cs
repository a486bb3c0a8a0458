using WebhookFirewall.Verification;

namespace WebhookFirewall.Model;

/// <summary>
/// A policy's `Idempotency` section: whether its deliveries are claimed, for how long a done one is remembered, and
/// what keys them (`Key` overrides the provider's default, see <see cref="IdempotencyKeyKind"/>).
/// </summary>
internal sealed record IdempotencySettings(bool Enabled, TimeSpan Ttl, string? KeyHeader, IdempotencyKeyKind? Key = null)
{
    public static readonly TimeSpan DefaultTtl = TimeSpan.FromDays(1);

    /// <summary>A year: a longer record would outlive any provider's retries by far, and its arithmetic must not overflow.</summary>
    public static readonly TimeSpan MaxTtl = TimeSpan.FromDays(365);
}
