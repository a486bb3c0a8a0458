namespace WebhookFirewall.Verification.Primitives;

internal static class ReplayWindow
{
    public static readonly TimeSpan Default = TimeSpan.FromMinutes(5);

    /// <summary>Both directions: a timestamp too far in the future is as suspect as one too old.</summary>
    public static bool Contains(DateTimeOffset signedAt, DateTimeOffset now, TimeSpan window) =>
        (now - signedAt).Duration() <= window;
}
