using System.Security.Cryptography;
using System.Text;
using WebhookFirewall.Verification.Primitives;
using WebhookFirewall.Verification.Providers.Handshakes;
using WebhookFirewall.Verification.Schemes;

namespace WebhookFirewall.Verification.Providers;

/// <summary>
/// Braintree webhooks (braintree/braintree_node, lib/braintree/webhook_notification_gateway.js and digest.js): a form
/// with `bt_signature` and `bt_payload`. `bt_signature` holds `public_key|signature` pairs joined by '&amp;'; the pair of
/// a configured public key (`KeyedSecrets`: public key → private key) carries hex HMAC-SHA1, keyed with the SHA-1 of
/// the private key, of `bt_payload` — or of `bt_payload` + "\n", which the SDK accepts too. Only the payload is
/// signed, so the delivery id is its digest (see <see cref="PayloadDigest"/>). The legacy `GET ?bt_challenge=` is
/// answered (see <see cref="BraintreeChallenge"/>).
/// </summary>
/// <remarks>
/// `bt_payload` must be base64 (the SDK's own character rule) of an XML document: the challenge answer is a MAC of
/// hex digits under the same key, and no hex string is the base64 of text that opens with '&lt;'.
/// </remarks>
internal static class Braintree
{
    private const string SignatureField = "bt_signature";
    private const string PayloadField = "bt_payload";
    private const int MacSize = 20;

    // Braintree posts two fields; far more than that is not Braintree.
    private const int MaxFormFields = 1024;

    private static readonly byte[] SignatureName = Encoding.ASCII.GetBytes(SignatureField);
    private static readonly byte[] PayloadName = Encoding.ASCII.GetBytes(PayloadField);

    public static ProviderDefinition Definition { get; } = new()
    {
        Name = "braintree",
        Summary = "form bt_signature (public_key|hex pairs) over bt_payload: hex(HMAC-SHA1(SHA-1(private key), bt_payload)), key pair from KeyedSecrets; bt_payload must be base64 XML; GET bt_challenge answered",
        Requires = ProviderSetting.KeyedSecrets,
        Check = (settings, problems) =>
        {
            CheckKeys(settings.KeyedSecrets, problems);
            return new BraintreeSignatureCheck(settings.KeyedSecrets.Select(k => k.KeyId).ToArray(), settings.KeyedSecrets.Select(k => MacKey(k.Secret)).ToArray());
        },
        DeliveryId = new PayloadDigest(),
        UnsignedHandshake = settings => new BraintreeChallenge(settings.KeyedSecrets[0].KeyId, MacKey(settings.KeyedSecrets[0].Secret)),
    };

    /// <summary>The HMAC key: the SHA-1 digest of the private key (digest.js, hmacSha1).</summary>
#pragma warning disable CA5350 // Braintree's scheme, not our choice
    private static byte[] MacKey(string privateKey) => SHA1.HashData(Encoding.UTF8.GetBytes(privateKey));
#pragma warning restore CA5350

    /// <summary>The SDK hashes keys as Latin-1 ("binary"); Braintree's keys are ASCII, the only text on which that equals UTF-8.</summary>
    private static void CheckKeys(IReadOnlyList<KeyedSecret> keys, ICollection<SettingProblem> problems)
    {
        for (var i = 0; i < keys.Count; i++)
        {
            if (!Ascii.IsValid(keys[i].Secret) || !Ascii.IsValid(keys[i].KeyId))
            {
                problems.Add(new SettingProblem($"KeyedSecrets:{i}", "is not ASCII: a Braintree public key (KeyId) and private key (Secret) are, as the control panel shows them"));
            }
        }
    }

    /// <summary>`^[A-Za-z0-9+=/\n]+$` (the SDK's rule) and the base64 of text that starts with '&lt;'.</summary>
    private static bool IsXmlPayload(ReadOnlySpan<byte> payload)
    {
        foreach (var b in payload)
        {
            if (!char.IsAsciiLetterOrDigit((char)b) && b is not ((byte)'+' or (byte)'=' or (byte)'/' or (byte)'\n'))
            {
                return false;
            }
        }

        Span<byte> first = stackalloc byte[3];
        return payload.Length >= 4 && Convert.TryFromBase64Chars(Encoding.ASCII.GetString(payload[..4]), first, out var written) && written > 0 && first[0] == (byte)'<';
    }

    private sealed class BraintreeSignatureCheck(string[] publicKeys, byte[][] macKeys) : ISignatureCheck
    {
        private readonly KeyedHmacs _macs = new(HmacAlgorithm.Sha1, macKeys);

        /// <summary>Only bt_payload is signed: its digest is the delivery id.</summary>
        public Coverage Covers => Coverage.DeliveryId;

        public SignatureCheckResult Check(in WebhookRequest request)
        {
            var status = FormFields.Parse(request.Body.Span, MaxFormFields, out var form);
            try
            {
                if (status != FormParseStatus.Parsed)
                {
                    return SignatureCheckResult.Fail(FailureCode.MalformedSignature, $"the body is not a form of at most {MaxFormFields} text fields, as Braintree posts its webhooks.");
                }

                switch (form.Find(SignatureName, out var signature))
                {
                    case HeaderPresence.Missing:
                        return SignatureCheckResult.Fail(FailureCode.MissingSignature, $"the form has no {SignatureField} field: the request is not signed by Braintree.");
                    case HeaderPresence.Multiple:
                        return SignatureCheckResult.Fail(FailureCode.MalformedSignature, $"the form's {SignatureField} field appears more than once; it must appear exactly once.");
                }

                if (form.Find(PayloadName, out var payload) != HeaderPresence.Single || !IsXmlPayload(payload))
                {
                    return SignatureCheckResult.Fail(FailureCode.MalformedSignature, $"the form's {PayloadField} field is absent, repeated, or not the base64 of an XML notification.");
                }

                return Verify(Encoding.ASCII.GetString(signature), payload);
            }
            finally
            {
                form.Dispose();
            }
        }

        /// <summary>Every `public_key|signature` pair of a configured key, until one signs the payload (with or without a trailing "\n").</summary>
        private SignatureCheckResult Verify(string signature, ReadOnlySpan<byte> payload)
        {
            var pairs = signature.Split('&').Where(pair => pair.Contains('|', StringComparison.Ordinal)).ToArray();
            if (pairs.Length == 0 || pairs.Length > SignatureList.MaxSignatures)
            {
                return SignatureCheckResult.Fail(FailureCode.MalformedSignature, $"the form's {SignatureField} field holds no public_key|signature pair, or more than {SignatureList.MaxSignatures}.");
            }

            var withNewline = new PooledBytes(payload.Length + 1);
            try
            {
                withNewline.Append(payload);
                withNewline.Append("\n"u8);
                Span<byte> presented = stackalloc byte[MacSize];
                var ours = 0;
                foreach (var pair in pairs)
                {
                    var parts = pair.Split('|');
                    var key = Array.IndexOf(publicKeys, parts[0]);
                    if (key < 0)
                    {
                        continue;
                    }

                    ours++;
                    if (!SignatureDecoder.TryDecode(parts[1], SignatureEncoding.Hex, presented, MacSize))
                    {
                        return SignatureCheckResult.Fail(FailureCode.MalformedSignature, $"the signature of a configured public key in {SignatureField} is not {Reasons.Shape(string.Empty, SignatureEncoding.Hex, MacSize)}.");
                    }

                    if (_macs.Matches(key, payload, presented) || _macs.Matches(key, withNewline.Written, presented))
                    {
                        return SignatureCheckResult.Matched(key);
                    }
                }

                return SignatureCheckResult.Fail(
                    FailureCode.InvalidSignature,
                    ours == 0
                        ? $"no pair in {SignatureField} names a configured public key (KeyedSecrets:KeyId): check the key pair configured for this Braintree merchant."
                        : $"the signature of the configured public key in {SignatureField} is well-formed but the private key never produces it over the {Reasons.Bytes(payload.Length)} of {PayloadField}: check the private key (KeyedSecrets:Secret).");
            }
            finally
            {
                withNewline.Dispose();
            }
        }

    }

    /// <summary>
    /// The digest of bt_payload without trailing line feeds: the SDK accepts a payload with or without its final "\n"
    /// under one signature, so both are the same delivery.
    /// </summary>
    private sealed class PayloadDigest : SignedContentDeliveryId
    {
        public override string Description => $"SHA-256 of the signed {PayloadField}";

        protected override bool TryWriteSignedContent(in WebhookRequest request, ref PooledBytes content)
        {
            var status = FormFields.Parse(request.Body.Span, MaxFormFields, out var form);
            try
            {
                if (status != FormParseStatus.Parsed || form.Find(PayloadName, out var payload) != HeaderPresence.Single)
                {
                    return false;
                }

                content.Append(payload.TrimEnd((byte)'\n'));
                return true;
            }
            finally
            {
                form.Dispose();
            }
        }
    }
}
