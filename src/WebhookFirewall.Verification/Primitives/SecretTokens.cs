using System.Security.Cryptography;
using System.Text;

namespace WebhookFirewall.Verification.Primitives;

/// <summary>
/// Shared-secret tokens (GitLab, Telegram, Okta, generic `token`) compared in constant time. Both sides are hashed
/// first so that neither the content nor the length of a configured token leaks through timing.
/// </summary>
internal sealed class SecretTokens
{
    private readonly byte[][] _digests;

    public SecretTokens(IReadOnlyList<string> tokens)
    {
        _digests = new byte[tokens.Count][];
        for (var i = 0; i < tokens.Count; i++)
        {
            _digests[i] = SHA256.HashData(Encoding.UTF8.GetBytes(tokens[i]));
        }
    }

    public int Count => _digests.Length;

    /// <summary>Index of the matching token, or -1. Every token is compared, matched or not.</summary>
    public int IndexOf(ReadOnlySpan<char> presented)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        HashUtf8(presented, digest);
        var match = -1;
        for (var i = 0; i < _digests.Length; i++)
        {
            if (CryptographicOperations.FixedTimeEquals(digest, _digests[i]) && match < 0)
            {
                match = i;
            }
        }

        return match;
    }

    private static void HashUtf8(ReadOnlySpan<char> text, Span<byte> digest)
    {
        const int StackLimit = 512;
        var maxBytes = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (maxBytes <= StackLimit)
        {
            Span<byte> utf8 = stackalloc byte[StackLimit];
            var length = Encoding.UTF8.GetBytes(text, utf8);
            SHA256.HashData(utf8[..length], digest);
            return;
        }

        SHA256.HashData(Encoding.UTF8.GetBytes(text.ToArray()), digest);
    }
}
