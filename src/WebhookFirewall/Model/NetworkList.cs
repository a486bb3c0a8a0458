using System.Net;

namespace WebhookFirewall.Model;

/// <summary>A set of address ranges (CIDR or single addresses). IPv4-mapped IPv6 addresses match their IPv4 ranges.</summary>
internal sealed class NetworkList(IReadOnlyList<IPNetwork> networks)
{
    public static NetworkList Empty { get; } = new([]);

    public IReadOnlyList<IPNetwork> Networks { get; } = networks;

    public bool IsEmpty => Networks.Count == 0;

    public bool Contains(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        foreach (var network in Networks)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>"10.0.0.0/8", "2001:db8::/32" or a single address ("203.0.113.7").</summary>
    public static bool TryParseEntry(string text, out IPNetwork network)
    {
        text = text.Trim();
        if (text.Contains('/', StringComparison.Ordinal))
        {
            return IPNetwork.TryParse(text, out network);
        }

        if (IPAddress.TryParse(text, out var address))
        {
            network = new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
            return true;
        }

        network = default;
        return false;
    }
}
