using System.Collections.Frozen;
using Yarp.ReverseProxy.Forwarder;

namespace WebhookFirewall.Ledger;

/// <summary>
/// YARP's forwarding errors in words, made once. Fixed phrases rather than exception messages: a message may name a
/// URL with its query string, and the ledger never keeps one.
/// </summary>
internal static class UpstreamErrors
{
    private static readonly FrozenDictionary<ForwarderError, string> Phrases = Build();

    public static string? Describe(IForwarderErrorFeature? feature) =>
        feature is null || feature.Error == ForwarderError.None ? null : Phrases.GetValueOrDefault(feature.Error, "forwarding failed");

    private static FrozenDictionary<ForwarderError, string> Build()
    {
        var phrases = new Dictionary<ForwarderError, string>
        {
            [ForwarderError.Request] = "the request could not be sent (connection refused, reset or closed)",
            [ForwarderError.RequestTimedOut] = "no response within the cluster's ActivityTimeout",
            [ForwarderError.RequestCanceled] = "the request was canceled before the upstream answered",
            [ForwarderError.RequestBodyCanceled] = "sending the body was canceled",
            [ForwarderError.RequestBodyClient] = "the body could not be read from the sender",
            [ForwarderError.RequestBodyDestination] = "the upstream stopped reading the body",
            [ForwarderError.ResponseBodyCanceled] = "copying the response was canceled",
            [ForwarderError.ResponseBodyClient] = "the sender went away while the response was copied",
            [ForwarderError.ResponseBodyDestination] = "the upstream broke off its response body",
            [ForwarderError.ResponseHeaders] = "the upstream's response headers could not be read",
            [ForwarderError.NoAvailableDestinations] = "the cluster has no healthy destination",
        };
        foreach (var error in Enum.GetValues<ForwarderError>())
        {
            phrases.TryAdd(error, "forwarding failed: " + error);
        }

        return phrases.ToFrozenDictionary();
    }
}
