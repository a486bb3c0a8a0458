using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace WebhookFirewall.Idempotency;

/// <summary>
/// The content key of a delivery whose scheme signs neither its id nor a timestamp: SHA-256 of the verified body,
/// with the signed URL of URL-signing providers and the provider's event-type header folded in when present. Nothing
/// that changes between a provider's retries (a timestamp, a nonce, an attempt counter, a signature) is part of it, so
/// a retry keeps its key, and a replay cannot change it by altering or dropping an unsigned id header.
/// </summary>
internal static class ContentKey
{
    private static readonly byte[] Domain = "webhookfirewall content key v1"u8.ToArray();

    public static string Compute(ReadOnlySpan<byte> bodySha256, string? signedUrl, string? eventType)
    {
        if (signedUrl is null && eventType is null)
        {
            return Convert.ToHexStringLower(bodySha256);
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Domain);
        Append(hash, bodySha256);
        Append(hash, Encoding.UTF8.GetBytes(signedUrl ?? string.Empty));
        Append(hash, Encoding.UTF8.GetBytes(eventType ?? string.Empty));
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        hash.GetHashAndReset(digest);
        return Convert.ToHexStringLower(digest);
    }

    public static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>Each part with its length first: no two different triples hash the same input.</summary>
    private static void Append(IncrementalHash hash, ReadOnlySpan<byte> part)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, part.Length);
        hash.AppendData(length);
        hash.AppendData(part);
    }
}
