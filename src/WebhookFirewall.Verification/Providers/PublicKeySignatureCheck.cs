using System.Buffers;
using System.Text;
using WebhookFirewall.Verification.Primitives;

namespace WebhookFirewall.Verification.Providers;

/// <summary>
/// Discord and SendGrid: the provider signs `{timestamp}{body}` with its private key; we hold only the public key.
/// The two differ only in the algorithm and in how the signature is written, which subclasses supply.
/// </summary>
internal abstract class PublicKeySignatureCheck : ISignatureCheck
{
    private const int StackContentLimit = 512;

    private readonly string _signatureHeader;
    private readonly string _timestampHeader;

    protected PublicKeySignatureCheck(string signatureHeader, string timestampHeader)
    {
        _signatureHeader = signatureHeader;
        _timestampHeader = timestampHeader;
    }

    /// <summary>Largest signature the scheme produces, in bytes: anything longer is malformed, not checked.</summary>
    protected abstract int MaxSignatureBytes { get; }

    public SignatureCheckResult Check(in WebhookRequest request)
    {
        var signature = request.Headers.Get(_signatureHeader);
        if (signature.Presence == HeaderPresence.Missing)
        {
            return SignatureCheckResult.Fail(FailureCode.MissingSignature);
        }

        Span<byte> decoded = stackalloc byte[MaxSignatureBytes];
        var length = 0;
        if (signature.Presence == HeaderPresence.Multiple || !TryDecodeSignature(signature.Value, decoded, out length))
        {
            return SignatureCheckResult.Fail(FailureCode.MalformedSignature);
        }

        var timestamp = request.Headers.Get(_timestampHeader);
        if (timestamp.Presence != HeaderPresence.Single || !Timestamps.TryParse(timestamp.Value, TimestampUnit.UnixSeconds, out var signedAt))
        {
            return SignatureCheckResult.Fail(FailureCode.MalformedSignature);
        }

        return VerifyTimestampAndBody(timestamp.Value!, request.Body.Span, decoded[..length])
            ? SignatureCheckResult.Matched(0, signedAt)
            : SignatureCheckResult.Fail(FailureCode.InvalidSignature);
    }

    /// <summary>Decodes the header value into at most <see cref="MaxSignatureBytes"/> bytes; false if not in the format.</summary>
    protected abstract bool TryDecodeSignature(ReadOnlySpan<char> text, Span<byte> destination, out int written);

    /// <summary>Whether <paramref name="signature"/> is the provider's over <paramref name="content"/>. Never throws.</summary>
    protected abstract bool Verify(ReadOnlySpan<byte> content, ReadOnlySpan<byte> signature);

    /// <summary>The signed content, `{timestamp}{body}`, as the providers' signers build it.</summary>
    internal static byte[] SignedContent(string timestamp, ReadOnlySpan<byte> body) => [.. Encoding.ASCII.GetBytes(timestamp), .. body];

    private bool VerifyTimestampAndBody(string timestamp, ReadOnlySpan<byte> body, ReadOnlySpan<byte> signature)
    {
        // The timestamp was parsed as decimal digits, so it is one ASCII byte per character.
        var length = timestamp.Length + body.Length;
        byte[]? rented = null;
        var content = length <= StackContentLimit ? stackalloc byte[StackContentLimit] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var written = Encoding.ASCII.GetBytes(timestamp, content);
            body.CopyTo(content[written..]);
            return Verify(content[..length], signature);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
