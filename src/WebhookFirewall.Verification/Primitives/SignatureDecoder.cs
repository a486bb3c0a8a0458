using System.Buffers;
using System.Buffers.Text;

namespace WebhookFirewall.Verification.Primitives;

internal static class SignatureDecoder
{
    /// <summary>
    /// Decodes a transmitted signature into bytes. Fails (rather than throws) on any character outside the encoding,
    /// on odd hex length, and when the result is not exactly <paramref name="expectedLength"/> bytes.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<char> text, SignatureEncoding encoding, Span<byte> destination, int expectedLength)
    {
        if (text.IsEmpty || destination.Length < expectedLength)
        {
            return false;
        }

        switch (encoding)
        {
            case SignatureEncoding.Hex:
                if (text.Length != expectedLength * 2)
                {
                    return false;
                }

                return Convert.FromHexString(text, destination, out _, out var written) == OperationStatus.Done && written == expectedLength;
            case SignatureEncoding.Base64:
                // Base64 of N bytes is at most 4 * ceil(N / 3) characters; anything longer cannot be a MAC of ours.
                if (text.Length > ((expectedLength + 2) / 3 * 4))
                {
                    return false;
                }

                Span<byte> scratch = stackalloc byte[Hmac.MaxSizeInBytes + 3];
                return Convert.TryFromBase64Chars(text, scratch, out var decoded) && decoded == expectedLength
                    && scratch[..decoded].TryCopyTo(destination);
            case SignatureEncoding.Base64Url:
                if (text.Length != ((expectedLength * 8) + 5) / 6)
                {
                    return false;
                }

                // DecodeFromChars reports bad input (a foreign character, non-zero trailing bits) as a status, where
                // TryDecodeFromChars throws.
                return Base64Url.DecodeFromChars(text, destination, out _, out var urlDecoded) == OperationStatus.Done && urlDecoded == expectedLength;
            default:
                return false;
        }
    }

    /// <summary>The signature as a provider writes it (for signing).</summary>
    public static string Encode(ReadOnlySpan<byte> mac, SignatureEncoding encoding) => encoding switch
    {
        SignatureEncoding.Hex => Convert.ToHexStringLower(mac),
        SignatureEncoding.Base64Url => Base64Url.EncodeToString(mac),
        _ => Convert.ToBase64String(mac),
    };

    public static bool TryParse(string? text, out SignatureEncoding encoding)
    {
        switch (text?.ToLowerInvariant())
        {
            case "hex": encoding = SignatureEncoding.Hex; return true;
            case "base64": encoding = SignatureEncoding.Base64; return true;
            default: encoding = default; return false;
        }
    }
}
