using System.Security.Cryptography;
using WebhookFirewall.Verification.Primitives;
using WebhookFirewall.Verification.Schemes;

namespace WebhookFirewall.Verification.Providers;

/// <summary>
/// SendGrid's Signed Event Webhook: `X-Twilio-Email-Event-Webhook-Signature` is the base64 DER ECDSA P-256
/// SHA-256 signature of `X-Twilio-Email-Event-Webhook-Timestamp` + body; `PublicKey` is the base64
/// SubjectPublicKeyInfo SendGrid shows as the verification key.
/// </summary>
internal static class SendGridSignature
{
    public const string SignatureHeader = "X-Twilio-Email-Event-Webhook-Signature";
    public const string TimestampHeader = "X-Twilio-Email-Event-Webhook-Timestamp";

    private const string P256 = "1.2.840.10045.3.1.7";

    /// <summary>The verifier's check; a null key (refused at config time) verifies nothing.</summary>
    public static ISignatureCheck Check(byte[]? subjectPublicKeyInfo) => new EcdsaCheck(subjectPublicKeyInfo);

    public static byte[]? ParsePublicKey(string? base64, ICollection<SettingProblem> problems)
    {
        if (TryDecodeBase64(base64, out var spki) && IsP256Key(spki, isPrivate: false))
        {
            return spki;
        }

        problems.Add(new SettingProblem("PublicKey", "is not a base64 ECDSA P-256 public key (the verification key SendGrid shows for its Signed Event Webhook)"));
        return null;
    }

    /// <summary>
    /// The `sign` verb's signer. The private key is base64 PKCS#8 (the body of a PEM `PRIVATE KEY`, as
    /// `openssl pkcs8 -topk8 -nocrypt` writes it): only SendGrid holds its real key, so this serves tests and demos
    /// against a key pair of one's own.
    /// </summary>
    public static IWebhookSigner? CreateSigner(string privateKey, ProviderSettings settings, ICollection<SettingProblem> problems)
    {
        if (TryDecodeBase64(privateKey, out var pkcs8) && IsP256Key(pkcs8, isPrivate: true))
        {
            return new EcdsaSigner(pkcs8);
        }

        problems.Add(new SettingProblem("Secret", "is not an ECDSA P-256 private key (base64 PKCS#8: the body of a PEM 'PRIVATE KEY')"));
        return null;
    }

    private static bool TryDecodeBase64(string? text, out byte[] bytes)
    {
        bytes = [];
        var trimmed = text.AsSpan().Trim();
        var buffer = new byte[trimmed.Length];
        if (trimmed.IsEmpty || !Convert.TryFromBase64Chars(trimmed, buffer, out var written))
        {
            return false;
        }

        bytes = buffer[..written];
        return true;
    }

    private static bool IsP256Key(byte[] der, bool isPrivate)
    {
        try
        {
            using var ecdsa = ECDsa.Create();
            int read;
            if (isPrivate)
            {
                ecdsa.ImportPkcs8PrivateKey(der, out read);
            }
            else
            {
                ecdsa.ImportSubjectPublicKeyInfo(der, out read);
            }

            return read == der.Length && ecdsa.ExportParameters(includePrivateParameters: false).Curve.Oid?.Value == P256;
        }
        catch (CryptographicException)
        {
            return false; // not DER, not EC, or a curve this platform does not know
        }
    }

    private sealed class EcdsaCheck(byte[]? subjectPublicKeyInfo) : PublicKeySignatureCheck(SignatureHeader, TimestampHeader)
    {
        /// <summary>
        /// One imported key per thread: instance members of ECDsa are not documented as thread-safe, and importing the
        /// key (with its point checks) on every request cost more than the verification itself. A key object dropped
        /// with its check on a config reload is released by its finalizer.
        /// </summary>
        private readonly ThreadLocal<ECDsa?> _keys = new(() => Import(subjectPublicKeyInfo));

        /// <summary>A DER SEQUENCE of two INTEGERs of at most 33 bytes each: 2 + 2 × (2 + 33).</summary>
        protected override int MaxSignatureBytes => 72;

        protected override string Shape => "base64 of a DER ECDSA signature";

        /// <summary>Base64 of a DER SEQUENCE whose short-form length covers exactly the rest; the content is ECDSA's to judge.</summary>
        protected override bool TryDecodeSignature(ReadOnlySpan<char> text, Span<byte> destination, out int written) =>
            Convert.TryFromBase64Chars(text, destination, out written) && written >= 8 && destination[0] == 0x30 && destination[1] == written - 2;

        protected override bool Verify(ReadOnlySpan<byte> content, ReadOnlySpan<byte> signature)
        {
            if (_keys.Value is not { } ecdsa)
            {
                return false;
            }

            try
            {
                return ecdsa.VerifyData(content, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
            }
            catch (CryptographicException)
            {
                return false; // a DER sequence whose integers are not a signature
            }
        }

        private static ECDsa? Import(byte[]? subjectPublicKeyInfo)
        {
            if (subjectPublicKeyInfo is null)
            {
                return null;
            }

            var ecdsa = ECDsa.Create();
            try
            {
                ecdsa.ImportSubjectPublicKeyInfo(subjectPublicKeyInfo, out _);
                return ecdsa;
            }
            catch (CryptographicException)
            {
                ecdsa.Dispose();
                return null; // validated at load, so not expected; if it happens, nothing verifies: fail closed
            }
        }
    }

    private sealed class EcdsaSigner(byte[] pkcs8) : IWebhookSigner
    {
        public void Sign(SigningInput input, ICollection<KeyValuePair<string, string>> headers)
        {
            var timestamp = Timestamps.Format(input.Timestamp, TimestampUnit.UnixSeconds);
            using var ecdsa = ECDsa.Create();
            ecdsa.ImportPkcs8PrivateKey(pkcs8, out _);
            var signature = ecdsa.SignData(PublicKeySignatureCheck.SignedContent(timestamp, input.Body), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
            headers.Add(new(SignatureHeader, Convert.ToBase64String(signature)));
            headers.Add(new(TimestampHeader, timestamp));
        }
    }
}
