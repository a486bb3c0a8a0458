using System.IO.Compression;

namespace WebhookFirewall.Tests;

/// <summary>Malformed and malicious requests get a clear answer, never crash the firewall and never pass unverified.</summary>
public sealed class HostileInputTests : FirewallTestBase
{
    private static readonly byte[] Body = "{\"hostile\":true}"u8.ToArray();

    protected override FirewallConfig Configure(FirewallConfig config) => config.Route("admin", "/admin/{**rest}", "Anonymous");

    [Theory]
    [InlineData("/webhooks/github/../admin/x")]
    [InlineData("/webhooks/github/%2e%2e/admin/x")]
    [InlineData("/webhooks/github%2F..%2Fadmin/x")]
    [InlineData("/webhooks/github/..%2Fadmin")]
    public async Task Path_tricks_never_let_an_unverified_request_through_a_verified_route(string path)
    {
        using var response = await RawAsync($"POST {path} HTTP/1.1\r\nHost: t\r\nContent-Length: {Body.Length}\r\n\r\n", Body);

        // Either resolved by Kestrel to another route (then that route's own policy applies: here the Anonymous
        // /admin route), or no route at all (404); never the GitHub route without a signature.
        Assert.All(Upstream.Received, r => Assert.StartsWith("/admin", r.PathAndQuery, StringComparison.Ordinal));
        Assert.DoesNotContain(Upstream.Received, r => r.Header("X-Webhook-Verification") is not null);
        Assert.Matches(@"HTTP/1\.1 (200|400|404) ", response.StatusLine);
    }

    [Fact]
    public async Task Route_matching_ignores_case_and_still_verifies()
    {
        using var unsigned = await Client.SendAsync(GitHubDelivery(Body, secret: null, path: "/WEBHOOKS/GitHub"));
        using var signed = await Client.SendAsync(GitHubDelivery(Body, path: "/WEBHOOKS/GitHub"));

        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
        Assert.Equal(HttpStatusCode.OK, signed.StatusCode);
        Assert.Single(Upstream.Received);
    }

    [Theory]
    [InlineData("sha256=\u00e9\u00e9")]
    [InlineData("sha256=abc\u0001def")]
    public async Task Signature_headers_with_non_ascii_or_control_bytes_are_refused_cleanly(string value)
    {
        var head = $"POST /webhooks/github HTTP/1.1\r\nHost: t\r\nX-Hub-Signature-256: {value}\r\nContent-Length: {Body.Length}\r\n\r\n";

        using var response = await RawAsync(head, Body, Encoding.Latin1);

        Assert.Matches(@"HTTP/1\.1 (400|401) ", response.StatusLine);
        Assert.Empty(Upstream.Received);
    }

    [Fact]
    public async Task Content_length_together_with_chunked_is_read_as_chunked_and_verified_over_what_was_read()
    {
        var chunked = $"{Body.Length:x}\r\n{Encoding.UTF8.GetString(Body)}\r\n0\r\n\r\n";
        var head = $"POST /webhooks/github HTTP/1.1\r\nHost: t\r\nX-Hub-Signature-256: {Sign.GitHub(GitHubSecret, Body)}\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n";

        using var response = await RawAsync(head, Encoding.ASCII.GetBytes(chunked));

        // Kestrel either refuses the ambiguous framing (400) or treats the body as chunked; nothing is smuggled.
        if (response.StatusLine.Contains(" 200 ", StringComparison.Ordinal))
        {
            Assert.Equal(Body, Assert.Single(Upstream.Received).Body);
        }
        else
        {
            Assert.Contains(" 400 ", response.StatusLine, StringComparison.Ordinal);
            Assert.Empty(Upstream.Received);
        }
    }

    [Fact]
    public async Task Expect_100_continue_is_honoured_and_verified()
    {
        var request = GitHubDelivery(Body);
        request.Headers.ExpectContinue = true;

        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Body, Assert.Single(Upstream.Received).Body);
    }

    [Fact]
    public async Task An_oversized_body_announced_with_expect_100_continue_is_refused_before_it_is_sent()
    {
        var head = $"POST /webhooks/small HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: {SmallLimit * 10}\r\n\r\n";

        using var response = await RawAsync(head, []);

        Assert.StartsWith("HTTP/1.1 413", response.StatusLine, StringComparison.Ordinal);
        Assert.Empty(Upstream.Received);
    }

    [Fact]
    public async Task A_gzip_body_is_verified_over_the_bytes_as_received_and_forwarded_compressed()
    {
        using var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            await gzip.WriteAsync(Body);
        }

        var bytes = compressed.ToArray();
        var request = GitHubDelivery(bytes);
        request.Content!.Headers.ContentEncoding.Add("gzip");

        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(Upstream.Received);
        Assert.Equal(bytes, received.Body);
        Assert.Equal("gzip", received.Header("Content-Encoding"));
    }

    [Fact]
    public async Task Garbage_on_the_wire_gets_400_and_the_firewall_keeps_serving()
    {
        using (var garbage = await RawAsync("\u0001\u0002 NOT HTTP AT ALL\r\n\r\n", []))
        {
            Assert.Contains(" 400 ", garbage.StatusLine, StringComparison.Ordinal);
        }

        using var response = await Client.SendAsync(GitHubDelivery(Body));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private Task<RawResponse> RawAsync(string head, byte[] body, Encoding? headEncoding = null) =>
        RawHttp.SendAsync(Firewall.Address, head, body, headEncoding);
}
