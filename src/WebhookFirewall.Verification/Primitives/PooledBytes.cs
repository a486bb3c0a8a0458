using System.Buffers;
using System.Text;

namespace WebhookFirewall.Verification.Primitives;

/// <summary>
/// Signed content assembled from several parts (a URL and form parameters, a timestamp and a token) in one buffer
/// rented from the shared pool: the per-request cost is a copy, not an allocation. Dispose returns the buffer.
/// </summary>
internal ref struct PooledBytes
{
    private byte[] _buffer;
    private int _length;

    public PooledBytes(int capacity)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(capacity, 256));
        _length = 0;
    }

    public readonly ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

    /// <summary>How much has been written: a mark to <see cref="Truncate"/> back to.</summary>
    public readonly int Length => _length;

    public void Append(scoped ReadOnlySpan<byte> bytes)
    {
        Reserve(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    public void AppendUtf8(scoped ReadOnlySpan<char> text)
    {
        Reserve(Encoding.UTF8.GetMaxByteCount(text.Length));
        _length += Encoding.UTF8.GetBytes(text, _buffer.AsSpan(_length));
    }

    public void Truncate(int length) => _length = Math.Clamp(length, 0, _length);

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
            _length = 0;
        }
    }

    private void Reserve(int extra)
    {
        if (_buffer.Length - _length >= extra)
        {
            return;
        }

        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_length + extra, _buffer.Length * 2));
        _buffer.AsSpan(0, _length).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }
}
