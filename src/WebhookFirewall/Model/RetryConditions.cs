namespace WebhookFirewall.Model;

/// <summary>`Delivery:RetryOn`: the upstream failures that spool a delivery (and that a redelivery retries).</summary>
[Flags]
internal enum RetryConditions
{
    None = 0,

    /// <summary>`connect`: no connection (refused, reset before an answer, no healthy destination).</summary>
    Connect = 1,

    /// <summary>`timeout`: no response headers within the cluster's ActivityTimeout (or the connect timeout).</summary>
    Timeout = 2,

    /// <summary>`5xx`: the upstream answered 500-599.</summary>
    ServerError = 4,

    /// <summary>`429`: the upstream asked to slow down.</summary>
    TooManyRequests = 8,

    /// <summary>`408`: the upstream timed the request out.</summary>
    RequestTimeout = 16,

    Default = Connect | Timeout | ServerError | TooManyRequests | RequestTimeout,
}
