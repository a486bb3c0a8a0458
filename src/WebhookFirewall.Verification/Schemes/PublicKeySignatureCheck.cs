using System.Buffers;
using System.Text;
using WebhookFirewall.Verification.Primitives;

namespace WebhookFirewall.Verification.Schemes;

/// <summary>
/// Discord, SendGrid and their kin: the provider signs the timestamp and the body with its private key; we hold only
/// the public key. They differ in the algorithm, in how the signature is written and in what joins the timestamp to
/// the body (nothing for Discord and SendGrid, `|` for Telnyx), which subclasses supply.
/// </summary>
internal abstract class PublicKeySignatureCheck : ISignatureCheck
{
    private const int StackContentLimit = 512;

    private readonly string _signatureHeader;
    private readonly string _timestampHeader;

    private readonly string _separator;

    protected PublicKeySignatureCheck(string signatureHeader, string timestampHeader, string separator = "")
    {
        _signatureHeader = signatureHeader;
        _timestampHeader = timestampHeader;
        _separator = separator;
    }

    public Coverage Covers => Coverage.Body | Coverage.Timestamp;

    /// <summary>The signature as the provider writes it, for reasons ("128 hex digits").</summary>
    protected abstract string Shape { get; }

    /// <summary>Largest signature the scheme produces, in bytes: anything longer is malformed, not checked.</summary>
    protected abstract int MaxSignatureBytes { get; }

    public SignatureCheckResult Check(in WebhookRequest request)
    {
        var signature = request.Headers.Get(_signatureHeader);
        if (signature.Presence == HeaderPresence.Missing)
        {
            return SignatureCheckResult.Fail(FailureCode.MissingSignature, Reasons.Missing(_signatureHeader));
        }

        Span<byte> decoded = stackalloc byte[MaxSignatureBytes];
        var length = 0;
        if (signature.Presence == HeaderPresence.Multiple)
        {
            return SignatureCheckResult.Fail(FailureCode.MalformedSignature, Reasons.Repeated(_signatureHeader));
        }

        if (!TryDecodeSignature(signature.Value, decoded, out length))
        {
            return SignatureCheckResult.Fail(FailureCode.MalformedSignature, Reasons.NotInFormat(_signatureHeader, Shape));
        }

        var timestamp = request.Headers.Get(_timestampHeader);
        if (timestamp.Presence != HeaderPresence.Single)
        {
            return SignatureCheckResult.Fail(FailureCode.MalformedSignature, Reasons.SignedPartMissing(_timestampHeader, "the signed timestamp"));
        }

        if (!Timestamps.TryParse(timestamp.Value, TimestampUnit.UnixSeconds, out var signedAt))
        {
            return SignatureCheckResult.Fail(FailureCode.MalformedSignature, Reasons.TimestampNotInFormat($"`{_timestampHeader}`", TimestampUnit.UnixSeconds));
        }

        return VerifyTimestampAndBody(timestamp.Value!, request.Body.Span, decoded[..length])
            ? SignatureCheckResult.Matched(0, signedAt)
            : SignatureCheckResult.Fail(
                FailureCode.InvalidSignature,
                $"`{_signatureHeader}` is well-formed ({Shape}) but is not the provider's signature, under the configured public key, of `{_timestampHeader}` and the {Reasons.Bytes(request.Body.Length)} received: check PublicKey, and that nothing in front of the firewall re-encodes the body.");
    }

    /// <summary>Decodes the header value into at most <see cref="MaxSignatureBytes"/> bytes; false if not in the format.</summary>
    protected abstract bool TryDecodeSignature(ReadOnlySpan<char> text, Span<byte> destination, out int written);

    /// <summary>Whether <paramref name="signature"/> is the provider's over <paramref name="content"/>. Never throws.</summary>
    protected abstract bool Verify(ReadOnlySpan<byte> content, ReadOnlySpan<byte> signature);

    /// <summary>The signed content, timestamp + separator + body, as the providers' signers build it.</summary>
    internal static byte[] SignedContent(string timestamp, ReadOnlySpan<byte> body, string separator = "") =>
        [.. Encoding.ASCII.GetBytes(timestamp + separator), .. body];

    private bool VerifyTimestampAndBody(string timestamp, ReadOnlySpan<byte> body, ReadOnlySpan<byte> signature)
    {
        // The timestamp was parsed as decimal digits, so it is one ASCII byte per character; so is every separator.
        var length = timestamp.Length + _separator.Length + body.Length;
        byte[]? rented = null;
        var content = length <= StackContentLimit ? stackalloc byte[StackContentLimit] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var written = Encoding.ASCII.GetBytes(timestamp, content);
            written += Encoding.ASCII.GetBytes(_separator, content[written..]);
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
