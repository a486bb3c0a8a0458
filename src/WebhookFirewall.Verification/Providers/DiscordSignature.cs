using System.Buffers;
using NSec.Cryptography;
using WebhookFirewall.Verification.Primitives;
using WebhookFirewall.Verification.Schemes;

namespace WebhookFirewall.Verification.Providers;

/// <summary>
/// Discord's Ed25519 scheme (interactions and webhook events alike): `X-Signature-Ed25519` is the hex signature of
/// `X-Signature-Timestamp` + body, made with the application's private key; `PublicKey` is the hex public key
/// from the developer portal. Ed25519 is not in .NET's own crypto, hence NSec (libsodium).
/// </summary>
internal static class DiscordSignature
{
    public const string SignatureHeader = "X-Signature-Ed25519";
    public const string TimestampHeader = "X-Signature-Timestamp";

    private const int KeySize = 32;

    private static SignatureAlgorithm Algorithm => SignatureAlgorithm.Ed25519;

    /// <summary>The verifier's check; a null key (refused at config time) verifies nothing.</summary>
    public static ISignatureCheck Check(PublicKey? publicKey) => new Ed25519Check(publicKey);

    /// <summary>`PublicKey`: 64 hex digits (32 bytes). Surrounding whitespace from a paste is forgiven.</summary>
    public static PublicKey? ParsePublicKey(string? hex, ICollection<SettingProblem> problems)
    {
        Span<byte> raw = stackalloc byte[KeySize];
        if (TryParseHex(hex, raw) && PublicKey.TryImport(Algorithm, raw, KeyBlobFormat.RawPublicKey, out var key))
        {
            return key;
        }

        problems.Add(new SettingProblem("PublicKey", "is not a hex Ed25519 public key (64 hex digits: the application's public key in the Discord developer portal)"));
        return null;
    }

    /// <summary>
    /// The `sign` verb's signer. The private key is given as its 32-byte seed in hex (64 digits): the form NSec and
    /// libsodium import as a raw Ed25519 private key (from a PEM key: `openssl pkey -in key.pem -outform DER | tail -c 32 | xxd -p -c 64`).
    /// </summary>
    public static IWebhookSigner? CreateSigner(string privateKey, ProviderSettings settings, ICollection<SettingProblem> problems)
    {
        var seed = new byte[KeySize];
        if (!TryParseHex(privateKey, seed) || !Key.TryImport(Algorithm, seed, KeyBlobFormat.RawPrivateKey, out var key))
        {
            problems.Add(new SettingProblem("Secret", "is not an Ed25519 private key (64 hex digits: the 32-byte seed)"));
            return null;
        }

        key!.Dispose();
        return new Ed25519Signer(seed);
    }

    private static bool TryParseHex(string? hex, Span<byte> destination)
    {
        var text = hex.AsSpan().Trim();
        return text.Length == destination.Length * 2
            && Convert.FromHexString(text, destination, out _, out var written) == OperationStatus.Done && written == destination.Length;
    }

    private sealed class Ed25519Check(PublicKey? publicKey) : PublicKeySignatureCheck(SignatureHeader, TimestampHeader)
    {
        protected override int MaxSignatureBytes => 64;

        protected override string Shape => "128 hex digits";

        protected override bool TryDecodeSignature(ReadOnlySpan<char> text, Span<byte> destination, out int written)
        {
            written = MaxSignatureBytes;
            return SignatureDecoder.TryDecode(text, SignatureEncoding.Hex, destination, MaxSignatureBytes);
        }

        protected override bool Verify(ReadOnlySpan<byte> content, ReadOnlySpan<byte> signature) =>
            publicKey is not null && Algorithm.Verify(publicKey, content, signature);
    }

    private sealed class Ed25519Signer(byte[] seed) : IWebhookSigner
    {
        public void Sign(SigningInput input, ICollection<KeyValuePair<string, string>> headers)
        {
            var timestamp = Timestamps.Format(input.Timestamp, TimestampUnit.UnixSeconds);
            using var key = Key.Import(Algorithm, seed, KeyBlobFormat.RawPrivateKey);
            var signature = Algorithm.Sign(key, PublicKeySignatureCheck.SignedContent(timestamp, input.Body));
            headers.Add(new(SignatureHeader, Convert.ToHexStringLower(signature)));
            headers.Add(new(TimestampHeader, timestamp));
        }
    }
}
