using System.Net.Sockets;

namespace WebhookFirewall.Tests;

/// <summary>MaxBodyBytes holds for declared and for chunked bodies; nothing oversized is forwarded.</summary>
public sealed class BodyLimitTests : FirewallTestBase
{
    [Fact]
    public async Task A_declared_length_over_the_limit_is_413_before_the_body_is_read()
    {
        // Announce a large body, send only the headers: the answer must come without the body.
        using var client = new TcpClient();
        await client.ConnectAsync(Firewall.Address.Host, Firewall.Address.Port);
        var stream = client.GetStream();
        var head = $"POST /webhooks/small HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\nX-Hub-Signature-256: sha256={new string('0', 64)}\r\nContent-Length: {SmallLimit + 1}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));

        using var reader = new StreamReader(stream, Encoding.ASCII);
        var statusLine = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.StartsWith("HTTP/1.1 413", statusLine, StringComparison.Ordinal);
        Assert.Empty(Upstream.Received);
    }

    [Fact]
    public async Task A_declared_length_over_the_limit_gets_the_problem_code()
    {
        var body = new byte[SmallLimit + 1];
        using var response = await Client.SendAsync(GitHubDelivery(body, path: "/webhooks/small"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("payload_too_large", await ProblemCodeAsync(response));
        Assert.Empty(Upstream.Received);
    }

    [Fact]
    public async Task A_chunked_body_over_the_limit_is_counted_and_413()
    {
        var body = new byte[SmallLimit * 4];
        var request = GitHubDelivery(body, path: "/webhooks/small");
        request.Content = new StreamContent(new UnknownLengthStream(body));
        request.Headers.TransferEncodingChunked = true;

        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("payload_too_large", await ProblemCodeAsync(response));
        Assert.Empty(Upstream.Received);
    }

    [Fact]
    public async Task A_body_of_exactly_the_limit_is_forwarded()
    {
        var body = new byte[SmallLimit];
        Array.Fill(body, (byte)'a');
        var request = GitHubDelivery(body, path: "/webhooks/small");
        request.Content = new StreamContent(new UnknownLengthStream(body));
        request.Headers.TransferEncodingChunked = true;

        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(body, Assert.Single(Upstream.Received).Body);
    }

    private sealed class UnknownLengthStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
