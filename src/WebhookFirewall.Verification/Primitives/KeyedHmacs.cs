using System.Security.Cryptography;

namespace WebhookFirewall.Verification.Primitives;

/// <summary>
/// One keyed HMAC context per secret and thread, reused across requests. The one-shot `HMACSHA256.HashData` keys a
/// fresh context every call, which costs a good part of a small body's verification (measured in
/// load-tests/results/design-notes.md). Contexts are not thread-safe, hence one per thread; they are released
/// with the policy that owns them (ThreadLocal cleans up when collected, the native contexts are SafeHandles).
/// </summary>
internal sealed class KeyedHmacs
{
    private readonly ThreadLocal<IncrementalHash>[] _contexts;

    public KeyedHmacs(HmacAlgorithm algorithm, byte[][] keys)
    {
        var name = algorithm switch
        {
            HmacAlgorithm.Sha1 => HashAlgorithmName.SHA1,
            HmacAlgorithm.Sha512 => HashAlgorithmName.SHA512,
            _ => HashAlgorithmName.SHA256,
        };
        _contexts = keys.Select(key => new ThreadLocal<IncrementalHash>(() => IncrementalHash.CreateHMAC(name, key))).ToArray();
    }

    public int Count => _contexts.Length;

    /// <summary>
    /// Index of the first key whose MAC of <paramref name="content"/> equals one of the <paramref name="presented"/>
    /// MACs (laid end to end, each the algorithm's size), or -1; compared in constant time. Each key's MAC is computed
    /// once, however many MACs are presented, so a padded signature list costs an unauthenticated sender no extra
    /// hashing of the content.
    /// </summary>
    public int IndexOfMatch(ReadOnlySpan<byte> content, ReadOnlySpan<byte> presented)
    {
        for (var i = 0; i < _contexts.Length; i++)
        {
            if (Matches(i, content, presented))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// Whether key <paramref name="keyIndex"/>'s MAC of <paramref name="content"/> equals one of the
    /// <paramref name="presented"/> MACs: for schemes where the request names its key (Pusher, Worldline), so that
    /// a signature made with one configured secret never passes for another key id.
    /// </summary>
    public bool Matches(int keyIndex, ReadOnlySpan<byte> content, ReadOnlySpan<byte> presented)
    {
        Span<byte> expected = stackalloc byte[Hmac.MaxSizeInBytes];
        var size = Compute(keyIndex, content, expected);
        for (var offset = 0; offset + size <= presented.Length; offset += size)
        {
            if (CryptographicOperations.FixedTimeEquals(expected[..size], presented.Slice(offset, size)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>MAC of <paramref name="content"/> with key <paramref name="keyIndex"/>; allocation-free after each thread's first use.</summary>
    public int Compute(int keyIndex, ReadOnlySpan<byte> content, Span<byte> destination)
    {
        var context = _contexts[keyIndex].Value!;
        context.AppendData(content);
        return context.GetHashAndReset(destination);
    }
}
