using System.Buffers;

namespace WebhookFirewall.Pipeline;

/// <summary>
/// The request body read once into a pooled buffer: the bytes that are verified are the bytes that are forwarded.
/// Dispose after the forwarder has finished with it.
/// </summary>
internal sealed class BufferedBody : IDisposable
{
    private const int InitialBuffer = 64 * 1024;

    private byte[]? _buffer;

    private BufferedBody(byte[]? buffer, int length, bool tooLarge)
    {
        _buffer = buffer;
        Length = length;
        TooLarge = tooLarge;
    }

    public int Length { get; }

    /// <summary>The body exceeded the limit while it was being read (a chunked body, or a lying Content-Length).</summary>
    public bool TooLarge { get; }

    public ReadOnlyMemory<byte> Memory => _buffer is null ? ReadOnlyMemory<byte>.Empty : _buffer.AsMemory(0, Length);

    public Stream AsStream() => _buffer is null ? Stream.Null : new MemoryStream(_buffer, 0, Length, writable: false);

    /// <summary>Reads the whole body, stopping as soon as it is known to exceed <paramref name="limit"/> bytes.</summary>
    /// <remarks>
    /// The buffer grows with the bytes that actually arrive, from at most <see cref="InitialBuffer"/>: sized from a
    /// declared Content-Length up front, a slow sender announcing the limit would pin that much memory for free.
    /// </remarks>
    public static async Task<BufferedBody> ReadAsync(Stream body, long? contentLength, long limit, CancellationToken cancellationToken)
    {
        // The most that could ever be needed: the declared length (Kestrel enforces it), or one byte past the limit.
        var ceiling = (int)Math.Min(contentLength ?? limit + 1, limit + 1);
        if (ceiling == 0)
        {
            return new BufferedBody(null, 0, tooLarge: false);
        }

        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(ceiling, InitialBuffer));
        var length = 0;
        try
        {
            // Stops at the declared length without another read: Kestrel frames the body by Content-Length (HTTP/1.1
            // stops there, HTTP/2 and 3 refuse a body that disagrees with it), so no byte past it can arrive here.
            while (length < ceiling)
            {
                if (length == buffer.Length)
                {
                    buffer = Grow(buffer, (int)Math.Min((long)buffer.Length * 2, ceiling));
                }

                var read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                length += read;
            }

            if (length > limit)
            {
                ArrayPool<byte>.Shared.Return(buffer);
                return new BufferedBody(null, 0, tooLarge: true);
            }

            return new BufferedBody(buffer, length, tooLarge: false);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static byte[] Grow(byte[] buffer, int size)
    {
        var larger = ArrayPool<byte>.Shared.Rent(size);
        buffer.AsSpan().CopyTo(larger);
        ArrayPool<byte>.Shared.Return(buffer);
        return larger;
    }
}
