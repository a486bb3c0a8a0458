using System.Net;
using Microsoft.Extensions.Primitives;
using WebhookFirewall.Model;

namespace WebhookFirewall.Pipeline;

/// <summary>
/// The client's address: the connection's, or — only when the connection comes from a trusted proxy — read from
/// `X-Forwarded-For` the way ASP.NET Core's ForwardedHeaders middleware reads it with KnownNetworks = TrustedProxies:
/// the rightmost address that is not itself a trusted proxy.
/// </summary>
internal static class ClientAddress
{
    // A chain longer than this is not a proxy path but an attempt to make us work.
    private const int MaxHops = 32;

    /// <summary>Whether the connection itself comes from one of <paramref name="trustedProxies"/>.</summary>
    public static bool IsTrustedPeer(HttpContext context, NetworkList trustedProxies) =>
        context.Connection.RemoteIpAddress is { } peer && !trustedProxies.IsEmpty && trustedProxies.Contains(peer);

    /// <summary>Null when the forwarded chain from a trusted proxy is unreadable: such a request is not admitted.</summary>
    public static IPAddress? Resolve(HttpContext context, NetworkList trustedProxies) =>
        Resolve(context.Connection.RemoteIpAddress, context.Request.Headers["X-Forwarded-For"], trustedProxies);

    public static IPAddress? Resolve(IPAddress? peer, StringValues forwardedFor, NetworkList trustedProxies)
    {
        if (peer is null)
        {
            return null;
        }

        if (peer.IsIPv4MappedToIPv6)
        {
            peer = peer.MapToIPv4();
        }

        if (trustedProxies.IsEmpty || !trustedProxies.Contains(peer))
        {
            return peer; // never believe forwarded headers from an untrusted peer
        }

        if (forwardedFor.Count == 0)
        {
            return peer;
        }

        var hops = string.Join(',', forwardedFor.ToArray()).Split(',', StringSplitOptions.TrimEntries);
        if (hops.Length > MaxHops)
        {
            return null;
        }

        var client = peer;
        for (var i = hops.Length - 1; i >= 0; i--)
        {
            if (!TryParseHop(hops[i], out var hop))
            {
                return null;
            }

            client = hop;
            if (!trustedProxies.Contains(hop))
            {
                break;
            }
        }

        return client;
    }

    /// <summary>Addresses as proxies write them: "203.0.113.7", "203.0.113.7:4711", "[2001:db8::1]:4711".</summary>
    private static bool TryParseHop(string text, out IPAddress address)
    {
        if (IPEndPoint.TryParse(text, out var endpoint))
        {
            address = endpoint.Address.IsIPv4MappedToIPv6 ? endpoint.Address.MapToIPv4() : endpoint.Address;
            return true;
        }

        address = IPAddress.None;
        return false;
    }
}
