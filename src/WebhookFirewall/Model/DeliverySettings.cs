namespace WebhookFirewall.Model;

/// <summary>
/// A policy's `Delivery` section: whether a failed forward is rejected (the provider retries) or spooled (the
/// firewall retries), which failures count, how long the firewall keeps trying and how it spaces its attempts.
/// </summary>
internal sealed record DeliverySettings(UpstreamFailureAction OnUpstreamFailure, RetryConditions RetryOn, TimeSpan MaxAge, TimeSpan BackoffFirst, TimeSpan BackoffMax)
{
    public static readonly TimeSpan DefaultMaxAge = TimeSpan.FromDays(3);
    public static readonly TimeSpan DefaultBackoffFirst = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan DefaultBackoffMax = TimeSpan.FromHours(1);

    /// <summary>As long as an idempotency record may live: a spooled delivery's record must outlive its retries.</summary>
    public static readonly TimeSpan MaxMaxAge = TimeSpan.FromDays(30);

    /// <summary>Today's behaviour, the default of every policy.</summary>
    public static readonly DeliverySettings Reject = new(UpstreamFailureAction.Reject, RetryConditions.Default, DefaultMaxAge, DefaultBackoffFirst, DefaultBackoffMax);

    public bool Spools => OnUpstreamFailure == UpstreamFailureAction.Spool;

    /// <summary>Whether an upstream answer of <paramref name="status"/> is a failure listed in `RetryOn`.</summary>
    public bool Retries(int status) => status switch
    {
        408 => RetryOn.HasFlag(RetryConditions.RequestTimeout),
        429 => RetryOn.HasFlag(RetryConditions.TooManyRequests),
        >= 500 and <= 599 => RetryOn.HasFlag(RetryConditions.ServerError),
        _ => false,
    };
}
