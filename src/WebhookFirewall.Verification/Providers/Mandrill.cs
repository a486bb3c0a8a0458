using WebhookFirewall.Verification.Primitives;
using WebhookFirewall.Verification.Providers.Handshakes;
using WebhookFirewall.Verification.Schemes;

namespace WebhookFirewall.Verification.Providers;

/// <summary>
/// Mailchimp Transactional (Mandrill): `X-Mandrill-Signature` is base64 HMAC-SHA1 (key: the webhook's key) of the
/// webhook URL exactly as entered at Mandrill (`PublicUrl`, query and trailing slash included) followed by each POST
/// field, sorted by name, as name + value without separators (mandrill.zendesk.com, "How to Authenticate Webhook
/// Requests"). The `HEAD` Mandrill sends when a webhook is added is answered 200 (see <see cref="HeadProbe"/>).
/// </summary>
/// <remarks>
/// The fields are signed decoded, not the body's bytes, so the delivery id is the digest of the signed fields (see
/// <see cref="SignedFieldsDigest"/>). Mandrill's reference code reads them as PHP's `$_POST` does, where a repeated
/// name keeps its last value: a repeated field is refused rather than guessed. Mandrill signs no timestamp.
/// </remarks>
internal static class Mandrill
{
    private const string Header = "X-Mandrill-Signature";
    private const int MacSize = 20;

    // Mandrill posts one field (mandrill_events); far more than that is not Mandrill.
    private const int MaxFormFields = 1024;

    public static ProviderDefinition Definition { get; } = new()
    {
        Name = "mandrill",
        Summary = $"{Header}: base64(HMAC-SHA1(webhook key, PublicUrl + POST fields sorted by name, name + value)); HEAD answered 200",
        Requires = ProviderSetting.Secrets | ProviderSetting.PublicUrl,
        Check = (settings, problems) => new MandrillSignatureCheck(settings.PublicUrl ?? string.Empty, SigningKeys.Decode(settings.Secrets, SecretDecoding.Utf8, problems)),
        DeliveryId = new SignedFieldsDigest(),
        UnsignedHandshake = _ => new HeadProbe(),
    };

    /// <summary>The fields sorted by name; false (with the reason) for a form that is not text or repeats a name.</summary>
    private static bool TryReadFields(ReadOnlySpan<byte> body, out FormFields form, out string? reason)
    {
        reason = FormFields.Parse(body, MaxFormFields, out form) switch
        {
            FormParseStatus.TooManyFields => $"the form has more than {MaxFormFields} fields: Mandrill posts one, so it is refused unread.",
            FormParseStatus.InvalidUtf8 => "a form field is not UTF-8 once decoded, so it cannot be what Mandrill signed.",
            _ => null,
        };
        if (reason is not null)
        {
            return false;
        }

        form.SortByNameThenValue();
        for (var i = 1; i < form.Count; i++)
        {
            if (form.Name(i).SequenceEqual(form.Name(i - 1)))
            {
                reason = "a form field name appears more than once: Mandrill's reference verifier keeps only the last value of a name, so which one was signed is ambiguous.";
                return false;
            }
        }

        return true;
    }

    private sealed class MandrillSignatureCheck(string publicUrl, byte[][] keys) : ISignatureCheck, IWebhookSigner
    {
        private static readonly string Shape = Reasons.Shape(string.Empty, SignatureEncoding.Base64, MacSize);

        private readonly KeyedHmacs _macs = new(HmacAlgorithm.Sha1, keys);

        public Coverage Covers => Coverage.Url | Coverage.DeliveryId;

        public SignatureCheckResult Check(in WebhookRequest request)
        {
            Span<byte> presented = stackalloc byte[MacSize];
            if (!SignatureHeaders.TryDecodeSingle(request, Header, SignatureEncoding.Base64, presented, out var failure))
            {
                return failure;
            }

            // The URL signed is PublicUrl whatever was requested; a request to another query was not sent by Mandrill,
            // and its query would reach the backend unsigned.
            if (!request.QueryString.AsSpan().TrimStart('?').SequenceEqual(PublicUrls.Query(publicUrl)))
            {
                return SignatureCheckResult.Fail(FailureCode.InvalidSignature, Reasons.QueryDiffersFromPublicUrl("Mandrill", publicUrl));
            }

            var parsed = TryReadFields(request.Body.Span, out var form, out var reason);
            var content = new PooledBytes(publicUrl.Length + request.Body.Length);
            try
            {
                if (!parsed)
                {
                    return SignatureCheckResult.Fail(FailureCode.MalformedSignature, reason!);
                }

                content.AppendUtf8(publicUrl);
                form.AppendNamesAndValues(ref content);
                var index = _macs.IndexOfMatch(content.Written, presented);
                return index < 0
                    ? SignatureCheckResult.Fail(FailureCode.InvalidSignature, Reasons.NoSecretMatches(Header, Shape, keys.Length, request.Body.Length, $" as the URL and the {form.Count} sorted form fields{Reasons.SignedUrlAdvice("Mandrill", publicUrl)}"))
                    : SignatureCheckResult.Matched(index, signedUrl: publicUrl);
            }
            finally
            {
                content.Dispose();
                form.Dispose();
            }
        }

        /// <summary>Signs `PublicUrl` (or <see cref="SigningInput.Url"/>) and the body's form fields, as Mandrill does.</summary>
        public void Sign(SigningInput input, ICollection<KeyValuePair<string, string>> headers)
        {
            var url = input.Url ?? publicUrl;
            var parsed = TryReadFields(input.Body, out var form, out _);
            try
            {
                headers.Add(new(Header, form.SignWithUrl(keys[0], url, parsed, input.Body.Length)));
            }
            finally
            {
                form.Dispose();
            }
        }
    }

    /// <summary>
    /// The digest of the sorted fields as signed (the URL is the policy's, the same for every delivery): a replay that
    /// re-encodes, reorders or re-splits the form keeps the signature valid, and so the id.
    /// </summary>
    private sealed class SignedFieldsDigest : SignedContentDeliveryId
    {
        public override string Description => "SHA-256 of the signed form fields";

        protected override bool TryWriteSignedContent(in WebhookRequest request, ref PooledBytes content)
        {
            var parsed = TryReadFields(request.Body.Span, out var form, out _);
            try
            {
                if (parsed)
                {
                    form.AppendNamesAndValues(ref content);
                }

                return parsed;
            }
            finally
            {
                form.Dispose();
            }
        }
    }
}
