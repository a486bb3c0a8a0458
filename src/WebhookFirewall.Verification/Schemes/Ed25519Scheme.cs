using NSec.Cryptography;
using WebhookFirewall.Verification.Primitives;

namespace WebhookFirewall.Verification.Schemes;

/// <summary>
/// An Ed25519 scheme as data (Discord, Telnyx): the provider signs the timestamp header, a separator and the body with
/// its private key; the policy holds the 32-byte public key. Providers differ in the header names, the separator and
/// how keys and signatures are written. Ed25519 is not in .NET's own crypto, hence NSec (libsodium).
/// </summary>
internal sealed record Ed25519Scheme
{
    private const int KeySize = 32;
    private const int SignatureSize = 64;

    public required string SignatureHeader { get; init; }

    public required string TimestampHeader { get; init; }

    /// <summary>What joins the timestamp to the body: nothing for Discord, `|` for Telnyx.</summary>
    public string Separator { get; init; } = string.Empty;

    /// <summary>How the signature, the public key and the `sign` verb's private seed are written.</summary>
    public SignatureEncoding Encoding { get; init; } = SignatureEncoding.Hex;

    /// <summary>Where the operator finds the public key, for the problem a malformed one gets.</summary>
    public required string KeySource { get; init; }

    private static SignatureAlgorithm Algorithm => SignatureAlgorithm.Ed25519;

    /// <summary>The verifier's check; a null key (refused at config time) verifies nothing.</summary>
    public ISignatureCheck Check(PublicKey? publicKey) => new Ed25519Check(this, publicKey);

    /// <summary>`PublicKey`: 32 bytes in the scheme's encoding. Surrounding whitespace from a paste is forgiven.</summary>
    public PublicKey? ParsePublicKey(string? text, ICollection<SettingProblem> problems)
    {
        Span<byte> raw = stackalloc byte[KeySize];
        if (TryDecodeKey(text, raw) && PublicKey.TryImport(Algorithm, raw, KeyBlobFormat.RawPublicKey, out var key))
        {
            return key;
        }

        problems.Add(new SettingProblem("PublicKey", $"is not {KeyShape} Ed25519 public key ({KeySource})"));
        return null;
    }

    /// <summary>
    /// The `sign` verb's signer: the private key is its 32-byte seed, in the scheme's encoding — the form NSec and
    /// libsodium import as a raw Ed25519 private key (from a PEM key: `openssl pkey -in key.pem -outform DER | tail -c 32`).
    /// </summary>
    public IWebhookSigner? CreateSigner(string privateKey, ProviderSettings settings, ICollection<SettingProblem> problems)
    {
        var seed = new byte[KeySize];
        if (!TryDecodeKey(privateKey, seed) || !Key.TryImport(Algorithm, seed, KeyBlobFormat.RawPrivateKey, out var key))
        {
            problems.Add(new SettingProblem("Secret", $"is not an Ed25519 private key ({KeyShape} 32-byte seed)"));
            return null;
        }

        key!.Dispose();
        return new Ed25519Signer(this, seed);
    }

    private string KeyShape => Encoding == SignatureEncoding.Hex ? "a hex (64 digits)" : "a base64 (44 characters)";

    private bool TryDecodeKey(string? text, Span<byte> destination) =>
        SignatureDecoder.TryDecode(text.AsSpan().Trim(), Encoding, destination, destination.Length);

    private sealed class Ed25519Check(Ed25519Scheme scheme, PublicKey? publicKey)
        : PublicKeySignatureCheck(scheme.SignatureHeader, scheme.TimestampHeader, scheme.Separator)
    {
        protected override int MaxSignatureBytes => SignatureSize;

        protected override string Shape => Reasons.Shape(string.Empty, scheme.Encoding, SignatureSize);

        protected override bool TryDecodeSignature(ReadOnlySpan<char> text, Span<byte> destination, out int written)
        {
            written = SignatureSize;
            return SignatureDecoder.TryDecode(text, scheme.Encoding, destination, SignatureSize);
        }

        protected override bool Verify(ReadOnlySpan<byte> content, ReadOnlySpan<byte> signature) =>
            publicKey is not null && Algorithm.Verify(publicKey, content, signature);
    }

    private sealed class Ed25519Signer(Ed25519Scheme scheme, byte[] seed) : IWebhookSigner
    {
        public void Sign(SigningInput input, ICollection<KeyValuePair<string, string>> headers)
        {
            var timestamp = Timestamps.Format(input.Timestamp, TimestampUnit.UnixSeconds);
            using var key = Key.Import(Algorithm, seed, KeyBlobFormat.RawPrivateKey);
            var signature = Algorithm.Sign(key, PublicKeySignatureCheck.SignedContent(timestamp, input.Body, scheme.Separator));
            headers.Add(new(scheme.SignatureHeader, SignatureDecoder.Encode(signature, scheme.Encoding)));
            headers.Add(new(scheme.TimestampHeader, timestamp));
        }
    }
}
