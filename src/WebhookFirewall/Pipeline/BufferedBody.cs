using System.Buffers;

namespace WebhookFirewall.Pipeline;

internal enum BufferedBodyStatus
{
    Read,

    /// <summary>The body exceeded the limit while it was being read (a chunked body, or a lying Content-Length).</summary>
    TooLarge,

    /// <summary>Buffering it would pass the budget of all bodies being buffered (see <see cref="BufferBudget"/>).</summary>
    OverBudget,
}

/// <summary>
/// The request body read once into a pooled buffer: the bytes that are verified are the bytes that are forwarded.
/// What it holds is taken from the process-wide <see cref="BufferBudget"/>, and given back with the buffer. Dispose
/// after the forwarder has finished with it.
/// </summary>
internal sealed class BufferedBody : IDisposable
{
    private const int InitialBuffer = 64 * 1024;

    private readonly BufferBudget? _budget;
    private readonly long _taken;
    private byte[]? _buffer;

    private BufferedBody(byte[]? buffer, int length, BufferedBodyStatus status, BufferBudget? budget = null, long taken = 0)
    {
        _buffer = buffer;
        Length = length;
        Status = status;
        _budget = budget;
        _taken = taken;
    }

    public int Length { get; }

    public BufferedBodyStatus Status { get; }

    public bool TooLarge => Status == BufferedBodyStatus.TooLarge;

    public ReadOnlyMemory<byte> Memory => _buffer is null ? ReadOnlyMemory<byte>.Empty : _buffer.AsMemory(0, Length);

    public Stream AsStream() => _buffer is null ? Stream.Null : new MemoryStream(_buffer, 0, Length, writable: false);

    /// <summary>Reads the whole body, stopping as soon as it is known to exceed <paramref name="limit"/> bytes.</summary>
    /// <remarks>
    /// The buffer grows with the bytes that actually arrive, from at most <see cref="InitialBuffer"/>: sized from a
    /// declared Content-Length up front, a slow sender announcing the limit would pin that much memory for free. A
    /// declared length is taken from the budget before a byte is read; a chunked body's buffer as it grows.
    /// </remarks>
    public static async Task<BufferedBody> ReadAsync(Stream body, long? contentLength, long limit, CancellationToken cancellationToken, BufferBudget? budget = null)
    {
        // The most that could ever be needed: the declared length (Kestrel enforces it), or one byte past the limit.
        var ceiling = (int)Math.Min(contentLength ?? limit + 1, limit + 1);
        if (ceiling == 0)
        {
            return new BufferedBody(null, 0, BufferedBodyStatus.Read);
        }

        var taken = 0L;
        var declared = contentLength is not null;
        if (declared && !Take(budget, ceiling, ref taken))
        {
            return new BufferedBody(null, 0, BufferedBodyStatus.OverBudget);
        }

        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(ceiling, InitialBuffer));
        var length = 0;
        try
        {
            if (!declared && !Take(budget, buffer.Length, ref taken))
            {
                return Refuse(buffer, budget, taken, BufferedBodyStatus.OverBudget);
            }

            // Stops at the declared length without another read: Kestrel frames the body by Content-Length (HTTP/1.1
            // stops there, HTTP/2 and 3 refuse a body that disagrees with it), so no byte past it can arrive here.
            while (length < ceiling)
            {
                if (length == buffer.Length)
                {
                    var size = (int)Math.Min((long)buffer.Length * 2, ceiling);
                    if (!declared && !Take(budget, size - buffer.Length, ref taken))
                    {
                        return Refuse(buffer, budget, taken, BufferedBodyStatus.OverBudget);
                    }

                    buffer = Grow(buffer, size);
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
                return Refuse(buffer, budget, taken, BufferedBodyStatus.TooLarge);
            }

            return new BufferedBody(buffer, length, BufferedBodyStatus.Read, budget, taken);
        }
        catch
        {
            Refuse(buffer, budget, taken, BufferedBodyStatus.Read);
            throw;
        }
    }

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            _budget?.Give(_taken);
        }
    }

    private static bool Take(BufferBudget? budget, long bytes, ref long taken)
    {
        if (budget is null)
        {
            return true;
        }

        if (!budget.TryTake(bytes))
        {
            return false;
        }

        taken += bytes;
        return true;
    }

    private static BufferedBody Refuse(byte[] buffer, BufferBudget? budget, long taken, BufferedBodyStatus status)
    {
        ArrayPool<byte>.Shared.Return(buffer);
        budget?.Give(taken);
        return new BufferedBody(null, 0, status);
    }

    private static byte[] Grow(byte[] buffer, int size)
    {
        var larger = ArrayPool<byte>.Shared.Rent(size);
        buffer.AsSpan().CopyTo(larger);
        ArrayPool<byte>.Shared.Return(buffer);
        return larger;
    }
}
