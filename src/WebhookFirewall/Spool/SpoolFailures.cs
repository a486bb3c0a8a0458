using WebhookFirewall.Model;
using Yarp.ReverseProxy.Forwarder;

namespace WebhookFirewall.Spool;

/// <summary>Which `RetryOn` condition a failed exchange is, and how it is named in an entry's `lastError`.</summary>
internal static class SpoolFailures
{
    /// <summary>
    /// Only failures before any answer came: a refused or broken connection, a body the destination did not take, no
    /// healthy destination (connect), or no response headers in time (timeout). Cancellation (shutdown) and failures
    /// to build the request are none: retrying cannot mend them.
    /// </summary>
    public static RetryConditions Condition(ForwarderError error) => error switch
    {
        ForwarderError.Request or ForwarderError.RequestBodyDestination or ForwarderError.NoAvailableDestinations => RetryConditions.Connect,
        ForwarderError.RequestTimedOut => RetryConditions.Timeout,
        _ => RetryConditions.None,
    };

    public static bool Retries(DeliverySettings delivery, ForwarderError error)
    {
        var condition = Condition(error);
        return condition != RetryConditions.None && delivery.RetryOn.HasFlag(condition);
    }

    /// <summary>A fixed word per failure (never an exception message: those may carry addresses or request data).</summary>
    public static string Describe(ForwarderError error) => error switch
    {
        ForwarderError.Request => "connect",
        ForwarderError.RequestBodyDestination => "connect (request body)",
        ForwarderError.NoAvailableDestinations => "no healthy destination",
        ForwarderError.RequestTimedOut => "timeout",
        ForwarderError.RequestCanceled => "canceled",
        _ => "forwarder error",
    };
}
