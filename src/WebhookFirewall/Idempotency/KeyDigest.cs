using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace WebhookFirewall.Idempotency;

/// <summary>
/// 128 bits of SHA-256 over a per-process random salt and the key: what the memory store keys its records by, so it
/// holds no strings. Collisions between distinct keys are out of reach (about 2^-90 for a full store), and the salt
/// keeps a sender from choosing delivery ids that pile into one hash bucket.
/// </summary>
internal readonly struct KeyDigest : IEquatable<KeyDigest>
{
    private const int SaltBytes = 16;
    private const int StackLimit = 512;

    private readonly ulong _high;
    private readonly ulong _low;

    private KeyDigest(ulong high, ulong low)
    {
        _high = high;
        _low = low;
    }

    public static KeyDigest Of(string key, Salt salt)
    {
        var length = SaltBytes + Encoding.UTF8.GetMaxByteCount(key.Length);
        byte[]? rented = null;
        var input = length <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            salt.CopyTo(input);
            var written = SaltBytes + Encoding.UTF8.GetBytes(key, input[SaltBytes..]);
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(input[..written], hash);
            return new KeyDigest(BinaryPrimitives.ReadUInt64LittleEndian(hash), BinaryPrimitives.ReadUInt64LittleEndian(hash[8..]));
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>From bits the dictionary's hash code does not use, so shards do not skew their buckets.</summary>
    public int ShardIndex(int shardCount) => (int)(_high >> 58) % shardCount;

    public bool Equals(KeyDigest other) => _high == other._high && _low == other._low;

    public override bool Equals(object? obj) => obj is KeyDigest other && Equals(other);

    public override int GetHashCode() => (int)_low ^ (int)(_low >> 32);

    public sealed class Salt
    {
        private readonly byte[] _bytes;

        private Salt(byte[] bytes) => _bytes = bytes;

        public static Salt Random() => new(RandomNumberGenerator.GetBytes(SaltBytes));

        public void CopyTo(Span<byte> destination) => _bytes.CopyTo(destination);
    }
}
