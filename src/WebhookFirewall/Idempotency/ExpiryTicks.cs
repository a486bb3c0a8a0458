namespace WebhookFirewall.Idempotency;

/// <summary>
/// When a record expires, without overflow: config caps Ttl and Lease, but a store must not turn a huge span into
/// a time in the past (which would silently switch de-duplication off).
/// </summary>
internal static class ExpiryTicks
{
    public static long After(long nowTicks, TimeSpan span) =>
        span.Ticks <= 0 ? nowTicks : span.Ticks > long.MaxValue - nowTicks ? long.MaxValue : nowTicks + span.Ticks;
}
