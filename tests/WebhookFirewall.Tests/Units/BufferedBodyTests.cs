using WebhookFirewall.Pipeline;

namespace WebhookFirewall.Tests.Units;

/// <summary>The body read once into a pooled buffer: the verified bytes, exactly, or "too large" as soon as it is known.</summary>
public sealed class BufferedBodyTests
{
    [Fact]
    public async Task A_declared_length_is_read_exactly()
    {
        var bytes = Bytes(1000);

        using var body = await BufferedBody.ReadAsync(new MemoryStream(bytes), bytes.Length, limit: 4096, CancellationToken.None);

        Assert.False(body.TooLarge);
        Assert.Equal(bytes, body.Memory.ToArray());
    }

    [Fact]
    public async Task Once_the_declared_length_arrived_no_further_read_is_made()
    {
        var bytes = Bytes(1000);

        // Kestrel frames the body by its Content-Length: a confirming read would only wait for the end of the body.
        using var body = await BufferedBody.ReadAsync(new NoReadPastEndStream(bytes), bytes.Length, limit: 4096, CancellationToken.None);

        Assert.Equal(bytes, body.Memory.ToArray());
    }

    [Fact]
    public async Task A_chunked_body_under_or_at_the_limit_is_read_whole()
    {
        var bytes = Bytes(4096);

        using var body = await BufferedBody.ReadAsync(new TrickleStream(bytes, 7), contentLength: null, limit: 4096, CancellationToken.None);

        Assert.False(body.TooLarge);
        Assert.Equal(bytes, body.Memory.ToArray());
    }

    [Fact]
    public async Task A_chunked_body_over_the_limit_is_too_large_once_one_byte_past_it_arrived()
    {
        var source = new TrickleStream(Bytes(100_000), 512);

        using var body = await BufferedBody.ReadAsync(source, contentLength: null, limit: 4096, CancellationToken.None);

        Assert.True(body.TooLarge);
        Assert.Equal(0, body.Length);
        Assert.True(source.Position <= 4096 + 512, $"read {source.Position} bytes");
    }

    [Fact]
    public async Task A_declared_length_over_the_limit_is_too_large()
    {
        var bytes = Bytes(5000);

        using var body = await BufferedBody.ReadAsync(new MemoryStream(bytes), bytes.Length, limit: 4096, CancellationToken.None);

        Assert.True(body.TooLarge);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(null)]
    public async Task An_empty_body_is_empty(long? contentLength)
    {
        using var body = await BufferedBody.ReadAsync(new MemoryStream(), contentLength, limit: 4096, CancellationToken.None);

        Assert.False(body.TooLarge);
        Assert.Equal(0, body.Length);
        Assert.True(body.Memory.IsEmpty);
        Assert.Equal(-1, body.AsStream().ReadByte());
    }

    [Fact]
    public async Task The_buffer_grows_with_what_arrives_well_past_its_first_size()
    {
        var bytes = Bytes(300_000);

        using var body = await BufferedBody.ReadAsync(new TrickleStream(bytes, 10_000), contentLength: null, limit: 1024 * 1024, CancellationToken.None);

        Assert.Equal(bytes, body.Memory.ToArray());
    }

    [Fact]
    public async Task The_stream_it_hands_on_is_the_verified_bytes_and_read_only()
    {
        var bytes = Bytes(70_000);
        using var body = await BufferedBody.ReadAsync(new MemoryStream(bytes), bytes.Length, limit: 1024 * 1024, CancellationToken.None);

        using var stream = body.AsStream();
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);

        Assert.Equal(bytes, copy.ToArray());
        Assert.False(stream.CanWrite);
    }

    [Fact]
    public async Task Disposing_twice_is_harmless()
    {
        var body = await BufferedBody.ReadAsync(new MemoryStream(Bytes(10)), 10, limit: 4096, CancellationToken.None);

        body.Dispose();
        body.Dispose();

        Assert.True(body.Memory.IsEmpty);
    }

    [Fact]
    public async Task A_cancelled_read_throws()
    {
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            BufferedBody.ReadAsync(new TrickleStream(Bytes(10), 1), null, 4096, new CancellationToken(canceled: true)));
    }

    private static byte[] Bytes(int count)
    {
        var bytes = new byte[count];
        new Random(count).NextBytes(bytes);
        return bytes;
    }

    private sealed class NoReadPastEndStream(byte[] bytes) : MemoryStream(bytes, writable: false)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Position == Length ? throw new InvalidOperationException("read past the declared length") : base.ReadAsync(buffer, cancellationToken);
    }

    /// <summary>A body that arrives a few bytes per read, as a chunked or slow upload does.</summary>
    private sealed class TrickleStream(byte[] bytes, int perRead) : MemoryStream(bytes, writable: false)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return base.ReadAsync(buffer[..Math.Min(buffer.Length, perRead)], cancellationToken);
        }
    }
}
