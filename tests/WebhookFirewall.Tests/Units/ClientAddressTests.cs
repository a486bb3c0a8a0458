using Microsoft.Extensions.Primitives;
using WebhookFirewall.Model;
using WebhookFirewall.Pipeline;

namespace WebhookFirewall.Tests.Units;

/// <summary>How the client address is read from the connection and, behind trusted proxies, from X-Forwarded-For.</summary>
public sealed class ClientAddressTests
{
    private static readonly IPAddress Proxy = IPAddress.Parse("10.0.0.1");
    private static readonly NetworkList TrustedProxies = Networks("10.0.0.0/8");

    [Fact]
    public void Without_trusted_proxies_the_connection_is_the_client_whatever_it_forwards()
    {
        Assert.Equal(Proxy, ClientAddress.Resolve(Proxy, "203.0.113.5", NetworkList.Empty));
    }

    [Fact]
    public void An_untrusted_peer_is_the_client_whatever_it_forwards()
    {
        var peer = IPAddress.Parse("198.51.100.7");

        Assert.Equal(peer, ClientAddress.Resolve(peer, "203.0.113.5", TrustedProxies));
    }

    [Fact]
    public void A_trusted_peer_that_forwards_nothing_is_the_client()
    {
        Assert.Equal(Proxy, ClientAddress.Resolve(Proxy, StringValues.Empty, TrustedProxies));
    }

    [Theory]
    [InlineData("203.0.113.5", "203.0.113.5")]
    [InlineData("198.51.100.1, 203.0.113.5", "203.0.113.5")]
    [InlineData("198.51.100.1,203.0.113.5", "203.0.113.5")]
    [InlineData("203.0.113.5, 10.0.0.2, 10.0.0.3", "203.0.113.5")]
    [InlineData("198.51.100.1, 203.0.113.5, 10.0.0.2", "203.0.113.5")]
    public void The_rightmost_address_that_is_not_a_trusted_proxy_is_the_client(string forwardedFor, string expected)
    {
        Assert.Equal(IPAddress.Parse(expected), ClientAddress.Resolve(Proxy, forwardedFor, TrustedProxies));
    }

    [Fact]
    public void A_chain_of_trusted_proxies_only_ends_at_its_leftmost_address()
    {
        Assert.Equal(IPAddress.Parse("10.0.0.2"), ClientAddress.Resolve(Proxy, "10.0.0.2, 10.0.0.3", TrustedProxies));
    }

    [Fact]
    public void Several_header_values_read_as_one_list_in_order()
    {
        var forwarded = new StringValues(["198.51.100.1", "203.0.113.5, 10.0.0.2"]);

        Assert.Equal(IPAddress.Parse("203.0.113.5"), ClientAddress.Resolve(Proxy, forwarded, TrustedProxies));
    }

    [Fact]
    public void More_than_32_hops_is_unreadable_and_32_is_not()
    {
        var hops = Enumerable.Range(1, 32).Select(i => $"10.1.0.{i}").ToList();

        Assert.Equal(IPAddress.Parse("10.1.0.1"), ClientAddress.Resolve(Proxy, string.Join(", ", hops), TrustedProxies));
        Assert.Null(ClientAddress.Resolve(Proxy, string.Join(", ", ["203.0.113.5", .. hops]), TrustedProxies));
    }

    [Theory]
    [InlineData("203.0.113.7:4711", "203.0.113.7")]
    [InlineData("[2001:db8::1]:4711", "2001:db8::1")]
    [InlineData("2001:db8::1", "2001:db8::1")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    [InlineData("[::ffff:203.0.113.7]:4711", "203.0.113.7")]
    public void Hops_are_read_in_the_forms_proxies_write(string hop, string expected)
    {
        Assert.Equal(IPAddress.Parse(expected), ClientAddress.Resolve(Proxy, hop, TrustedProxies));
    }

    [Fact]
    public void An_ipv4_mapped_peer_is_matched_against_ipv4_ranges_and_reported_as_ipv4()
    {
        var mapped = IPAddress.Parse("::ffff:10.0.0.1");

        Assert.Equal(IPAddress.Parse("203.0.113.5"), ClientAddress.Resolve(mapped, "203.0.113.5", TrustedProxies));
        Assert.Equal(IPAddress.Parse("198.51.100.7"), ClientAddress.Resolve(IPAddress.Parse("::ffff:198.51.100.7"), "203.0.113.5", TrustedProxies));
    }

    [Theory]
    [InlineData("not-an-address")]
    [InlineData("203.0.113.5, not-an-address")]
    [InlineData("203.0.113.5,,10.0.0.2")]
    [InlineData("unknown, 10.0.0.2")]
    [InlineData("")]
    [InlineData("203.0.113.5:99999")]
    public void An_unreadable_entry_up_to_the_client_makes_the_chain_unreadable(string forwardedFor)
    {
        Assert.Null(ClientAddress.Resolve(Proxy, forwardedFor, TrustedProxies));
    }

    [Fact]
    public void An_unreadable_entry_left_of_the_client_is_never_read()
    {
        Assert.Equal(IPAddress.Parse("203.0.113.5"), ClientAddress.Resolve(Proxy, "garbage, 203.0.113.5", TrustedProxies));
    }

    [Fact]
    public void A_connection_without_an_address_has_no_client()
    {
        Assert.Null(ClientAddress.Resolve(null, "203.0.113.5", TrustedProxies));
    }

    private static NetworkList Networks(params string[] entries) =>
        new(entries.Select(e => NetworkList.TryParseEntry(e, out var network) ? network : throw new ArgumentException(e)).ToArray());
}
