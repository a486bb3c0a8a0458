using WebhookFirewall.Verification.Primitives;
using WebhookFirewall.Verification.Schemes;

namespace WebhookFirewall.Verification.Providers;

/// <summary>
/// Mailgun: no header. The body carries `timestamp`, `token` and `signature` — inside a `signature` object in JSON
/// webhooks, as form fields in legacy (urlencoded) ones — and `signature` is hex HMAC-SHA256 of `timestamp` + `token`
/// with the HTTP webhook signing key. The body itself is not signed: what proves freshness is the timestamp, held to
/// the replay window, and the token, unique per delivery, which is the delivery id (so idempotency refuses a token
/// seen before). Multipart bodies (messages with attachments) are not read and count as unsigned.
/// </summary>
internal static class Mailgun
{
    private const int MacSize = 32;

    // Legacy webhooks post a few dozen fields; far more than that is not Mailgun.
    private const int MaxFormFields = 1024;

    private static readonly byte[] SignatureName = "signature"u8.ToArray();
    private static readonly byte[] TimestampName = "timestamp"u8.ToArray();
    private static readonly byte[] TokenName = "token"u8.ToArray();
    private static readonly byte[][] FieldNames = [TimestampName, TokenName, SignatureName];

    public static ProviderDefinition Definition { get; } = new()
    {
        Name = "mailgun",
        Summary = "body fields signature.{timestamp,token,signature} (JSON) or timestamp/token/signature (form): hex(HMAC-SHA256(signing key, timestamp + token))",
        Check = (settings, problems) => new MailgunSignatureCheck(SigningKeys.Decode(settings.Secrets, SecretDecoding.Utf8, problems)),
        DeliveryId = new TokenDeliveryId(),
        CredentialFields = ["signature"],
    };

    /// <summary>The three signed fields, or the failure their absence or shape means.</summary>
    private static FailureCode TryReadFields(ReadOnlySpan<byte> body, out string? timestamp, out string? token, out string? signature)
    {
        timestamp = token = signature = null;
        if (LooksLikeJson(body))
        {
            var values = new string?[3];
            switch (NestedJsonFields.TryGetStrings(body, SignatureName, FieldNames, values))
            {
                case NestedLookup.NotAnObject:
                case NestedLookup.Missing:
                    return FailureCode.MissingSignature;
                case NestedLookup.Ambiguous:
                    return FailureCode.MalformedSignature;
            }

            (timestamp, token, signature) = (values[0], values[1], values[2]);
        }
        else
        {
            var status = FormFields.Parse(body, MaxFormFields, out var form);
            try
            {
                if (status != FormParseStatus.Parsed)
                {
                    return FailureCode.MalformedSignature;
                }

                var signaturePresence = form.Find(SignatureName, out var signatureValue);
                if (signaturePresence == HeaderPresence.Missing)
                {
                    return FailureCode.MissingSignature;
                }

                if (signaturePresence == HeaderPresence.Multiple
                    || form.Find(TimestampName, out var timestampValue) != HeaderPresence.Single
                    || form.Find(TokenName, out var tokenValue) != HeaderPresence.Single)
                {
                    return FailureCode.MalformedSignature;
                }

                (timestamp, token, signature) = (Text(timestampValue), Text(tokenValue), Text(signatureValue));
            }
            finally
            {
                form.Dispose();
            }
        }

        if (signature is null)
        {
            return FailureCode.MissingSignature;
        }

        return string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(token) ? FailureCode.MalformedSignature : FailureCode.None;
    }

    private static bool LooksLikeJson(ReadOnlySpan<byte> body)
    {
        var start = body.IndexOfAnyExcept(" \t\r\n"u8);
        return start >= 0 && body[start] == (byte)'{';
    }

    private static string Text(ReadOnlySpan<byte> utf8) => System.Text.Encoding.UTF8.GetString(utf8);

    private sealed class MailgunSignatureCheck(byte[][] keys) : ISignatureCheck, IWebhookSigner
    {
        private readonly KeyedHmacs _macs = new(HmacAlgorithm.Sha256, keys);

        /// <summary>The timestamp and the token, which is the delivery id; the event data itself is not signed.</summary>
        public Coverage Covers => Coverage.Timestamp | Coverage.DeliveryId;

        public SignatureCheckResult Check(in WebhookRequest request)
        {
            var failure = TryReadFields(request.Body.Span, out var timestamp, out var token, out var signature);
            switch (failure)
            {
                case FailureCode.MissingSignature:
                    return SignatureCheckResult.Fail(failure, "the body has no `signature` (a signature object in JSON, or a signature form field): the request is not signed by Mailgun. Multipart bodies are not read.");
                case FailureCode.MalformedSignature:
                    return SignatureCheckResult.Fail(failure, "the body's signature fields are repeated, or `timestamp` or `token` is missing or empty.");
            }

            Span<byte> presented = stackalloc byte[MacSize];
            if (!SignatureDecoder.TryDecode(signature, SignatureEncoding.Hex, presented, MacSize))
            {
                return SignatureCheckResult.Fail(FailureCode.MalformedSignature, "the body's `signature` is not 64 hex digits.");
            }

            if (!Timestamps.TryParse(timestamp, TimestampUnit.UnixSeconds, out var signedAt))
            {
                return SignatureCheckResult.Fail(FailureCode.MalformedSignature, Reasons.TimestampNotInFormat("The body's `timestamp`", TimestampUnit.UnixSeconds));
            }

            var content = new PooledBytes(timestamp!.Length + (token!.Length * 3));
            try
            {
                content.AppendUtf8(timestamp);
                content.AppendUtf8(token);
                var index = _macs.IndexOfMatch(content.Written, presented);
                return index < 0
                    ? SignatureCheckResult.Fail(FailureCode.InvalidSignature, $"the body's `signature` is well-formed but {(keys.Length == 1 ? "the configured signing key never produces it" : $"none of the {keys.Length} configured signing keys produces it")} over its timestamp and token: check the HTTP webhook signing key.")
                    : SignatureCheckResult.Matched(index, signedAt);
            }
            finally
            {
                content.Dispose();
            }
        }

        /// <summary>
        /// Adds nothing: Mailgun's signature travels inside the body, which the `sign` verb prints no part of. A body
        /// to send must already hold `timestamp`, `token` and their `signature` (see the tests for how they are made).
        /// </summary>
        public void Sign(SigningInput input, ICollection<KeyValuePair<string, string>> headers)
        {
        }
    }

    /// <summary>The `token` of the signed fields: unique per delivery, repeated by Mailgun's retries.</summary>
    private sealed class TokenDeliveryId : DeliveryIdSource
    {
        public override string Description => "body field token (signature.token in JSON)";

        /// <summary>The token is one of the two signed values.</summary>
        public override bool IsCoveredBy(ISignatureCheck check) => check is MailgunSignatureCheck;

        public override bool TryRead(in WebhookRequest request, out string? deliveryId)
        {
            // Runs only after the check verified these very fields, so they are present and unambiguous.
            deliveryId = TryReadFields(request.Body.Span, out _, out var token, out _) == FailureCode.None ? token : null;
            return true;
        }
    }
}
