using System.Text;
using System.Text.Json;
using WebhookFirewall.Verification.Primitives;
using WebhookFirewall.Verification.Schemes;

namespace WebhookFirewall.Verification.Providers;

/// <summary>
/// Adyen, both signatures its webhooks carry (Adyen/adyen-node-api-library, src/utils/hmacValidator.ts), the key being
/// the hex-decoded HMAC key of the endpoint. Standard notifications sign fields, not the body: each
/// NotificationRequestItem's `additionalData.hmacSignature` is base64 HMAC-SHA256 of `pspReference:originalReference:
/// merchantAccountCode:merchantReference:amount.value:amount.currency:eventCode:success` (a missing field as empty
/// text), and a batch verifies only when every item does. Balance platform and management webhooks carry the
/// `HmacSignature` header instead: base64 HMAC-SHA256 of the body. The header chooses the variant.
/// </summary>
/// <remarks>
/// A standard notification's other fields (eventDate, reason, paymentMethod, the rest of additionalData) are not
/// signed, so the delivery id is the digest of the items' signed fields (see <see cref="SignedFieldsDigest"/>): an
/// edit of what the signature leaves out is a duplicate, not a new delivery. Adyen accepts any 2xx since 2024
/// (adyen.com/knowledge-hub/webhooks-accept-2xx), so the backend's answer need not carry `[accepted]`.
/// </remarks>
internal static class Adyen
{
    private const string SignatureHeader = "HmacSignature";
    private const int MacSize = 32;

    private static readonly JsonDocumentOptions Json = new() { MaxDepth = 64, AllowDuplicateProperties = false };

    private static readonly HmacScheme BodyScheme = new() { Header = SignatureHeader, Encoding = SignatureEncoding.Base64, SecretDecoding = SecretDecoding.Hex };

    public static ProviderDefinition Definition { get; } = new()
    {
        Name = "adyen",
        Summary = "each NotificationRequestItem's additionalData.hmacSignature: base64(HMAC-SHA256(hex-decoded key, pspReference:originalReference:merchantAccountCode:merchantReference:amount.value:amount.currency:eventCode:success)), every item of a batch; or HmacSignature: base64(HMAC-SHA256(hex-decoded key, body))",
        Check = (settings, problems) => new AdyenSignatureCheck(SigningKeys.Decode(settings.Secrets, SecretDecoding.Hex, problems)),
        DeliveryId = new SignedFieldsDigest(),
        CredentialFields = ["hmacSignature"],
    };

    /// <summary>An item's signed text and its signature as sent.</summary>
    private readonly record struct SignedItem(string Data, string? Signature);

    /// <summary>The items of a standard notification, or why there are none to check.</summary>
    private static (FailureCode Failure, string? Reason) TryReadItems(ReadOnlyMemory<byte> body, List<SignedItem> items)
    {
        try
        {
            using var document = JsonDocument.Parse(body, Json);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("notificationItems", out var list) || list.ValueKind != JsonValueKind.Array)
            {
                return (FailureCode.MissingSignature, $"neither `{SignatureHeader}` nor a notificationItems array is present: the request is not signed by Adyen.");
            }

            foreach (var entry in list.EnumerateArray())
            {
                if (entry.ValueKind != JsonValueKind.Object || !entry.TryGetProperty("NotificationRequestItem", out var item)
                    || item.ValueKind != JsonValueKind.Object || !TryDataToSign(item, out var data))
                {
                    return (FailureCode.MalformedSignature, $"notification item {items.Count + 1} is not a NotificationRequestItem with the signed fields in Adyen's types (strings, and amount an object with an integer value).");
                }

                items.Add(new SignedItem(data, Signature(item)));
            }

            return items.Count == 0 ? (FailureCode.MalformedSignature, "notificationItems is empty: nothing is signed.") : (FailureCode.None, null);
        }
        catch (JsonException)
        {
            return (FailureCode.MalformedSignature, $"the body is not one JSON object with unique member names, and carries no `{SignatureHeader}`: it cannot be checked.");
        }
    }

    private static string? Signature(JsonElement item) =>
        item.TryGetProperty("additionalData", out var additional) && additional.ValueKind == JsonValueKind.Object
            && additional.TryGetProperty("hmacSignature", out var signature) && signature.ValueKind == JsonValueKind.String
            ? signature.GetString()
            : null;

    /// <summary>The SDK's getDataToSign: the eight fields joined by ':', each as JavaScript's Array.join writes it.</summary>
    private static bool TryDataToSign(JsonElement item, out string data)
    {
        data = string.Empty;
        if (!item.TryGetProperty("amount", out var amount) || amount.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        var fields = new StringBuilder();
        (JsonElement Parent, string Name)[] signed =
        [
            (item, "pspReference"), (item, "originalReference"), (item, "merchantAccountCode"), (item, "merchantReference"),
            (amount, "value"), (amount, "currency"), (item, "eventCode"), (item, "success"),
        ];
        foreach (var (parent, name) in signed)
        {
            if (!TryJoinText(parent, name, out var text))
            {
                return false;
            }

            fields.Append(fields.Length == 0 && name == "pspReference" ? string.Empty : ":").Append(text);
        }

        data = fields.ToString();

        // A data string that opens like a JSON object could be some HmacSignature body's bytes: Adyen's pspReferences
        // are alphanumeric, so refusing these keeps a body signature from ever passing as an item's, and back.
        return !data.StartsWith('{');
    }

    /// <summary>A field as Array.join writes it: a string as is, absent or null as empty, an integer in decimal, a boolean as its name.</summary>
    private static bool TryJoinText(JsonElement parent, string name, out string text)
    {
        text = string.Empty;
        if (!parent.TryGetProperty(name, out var value))
        {
            return true;
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.Null:
                return true;
            case JsonValueKind.String:
                text = value.GetString()!;
                return true;
            case JsonValueKind.True or JsonValueKind.False:
                text = value.ValueKind == JsonValueKind.True ? "true" : "false";
                return true;
            case JsonValueKind.Number:
                text = value.GetRawText();
                return IsPlainInteger(text);
            default:
                return false;
        }
    }

    /// <summary>Digits with an optional minus and no leading zero: the only numbers JavaScript writes back unchanged.</summary>
    private static bool IsPlainInteger(string text)
    {
        var digits = text.AsSpan(text.StartsWith('-') ? 1 : 0);
        return digits.Length is > 0 and <= 15 && !digits.ContainsAnyExceptInRange('0', '9') && (digits.Length == 1 || digits[0] != '0');
    }

    private sealed class AdyenSignatureCheck(byte[][] keys) : ISignatureCheck, IWebhookSigner
    {
        private readonly HmacCheck _body = new(BodyScheme, keys);
        private readonly KeyedHmacs _macs = new(HmacAlgorithm.Sha256, keys);

        /// <summary>What a match proves is the signed fields or the body, and the delivery id is their digest.</summary>
        public Coverage Covers => Coverage.DeliveryId;

        public SignatureCheckResult Check(in WebhookRequest request)
        {
            if (request.Headers.Get(SignatureHeader).Presence != HeaderPresence.Missing)
            {
                // Only a JSON object: a standard item's signed text never opens with '{' (see TryDataToSign).
                var start = request.Body.Span.IndexOfAnyExcept(" \t\r\n"u8);
                return start >= 0 && request.Body.Span[start] == (byte)'{'
                    ? _body.Check(request)
                    : SignatureCheckResult.Fail(FailureCode.InvalidSignature, $"`{SignatureHeader}` signs a JSON object body, and this body is not one: it cannot be what Adyen signed.");
            }

            try
            {
                return CheckItems(request.Body);
            }
            catch (InvalidOperationException)
            {
                // GetString on a string that is not valid Unicode (an escaped lone surrogate): no field Adyen signed.
                return SignatureCheckResult.Fail(FailureCode.MalformedSignature, "a signed field of a notification item is not valid Unicode text.");
            }
        }

        /// <summary>
        /// The `HmacSignature` variant, which signs the body: what the `sign` verb can print. A standard notification's
        /// signatures travel inside its items, which a body to send must already carry.
        /// </summary>
        public void Sign(SigningInput input, ICollection<KeyValuePair<string, string>> headers) => _body.Sign(input, headers);

        private SignatureCheckResult CheckItems(ReadOnlyMemory<byte> body)
        {
            var items = new List<SignedItem>();
            var (failure, reason) = TryReadItems(body, items);
            if (failure != FailureCode.None)
            {
                return SignatureCheckResult.Fail(failure, reason!);
            }

            var first = -1;
            Span<byte> presented = stackalloc byte[MacSize];
            for (var i = 0; i < items.Count; i++)
            {
                if (items[i].Signature is not { } signature)
                {
                    return SignatureCheckResult.Fail(FailureCode.MissingSignature, $"notification item {i + 1} of {items.Count} has no additionalData.hmacSignature: enable HMAC signatures for the webhook in Adyen's Customer Area.");
                }

                if (!SignatureDecoder.TryDecode(signature, SignatureEncoding.Base64, presented, MacSize))
                {
                    return SignatureCheckResult.Fail(FailureCode.MalformedSignature, $"the additionalData.hmacSignature of notification item {i + 1} is not {Reasons.Shape(string.Empty, SignatureEncoding.Base64, MacSize)}.");
                }

                var index = _macs.IndexOfMatch(Encoding.UTF8.GetBytes(items[i].Data), presented);
                if (index < 0)
                {
                    return SignatureCheckResult.Fail(FailureCode.InvalidSignature, $"the additionalData.hmacSignature of notification item {i + 1} of {items.Count} is well-formed but {(keys.Length == 1 ? "the configured HMAC key never produces it" : $"none of the {keys.Length} configured HMAC keys produces it")} over the item's signed fields: check the HMAC key of this webhook in Adyen's Customer Area (a batch verifies only when every item does).");
                }

                first = first < 0 ? index : first;
            }

            return SignatureCheckResult.Matched(first);
        }
    }

    /// <summary>
    /// The digest of what was signed: the body under `HmacSignature`; else each item's signed fields, the items'
    /// digests sorted so that the order of a batch does not make a replay new.
    /// </summary>
    private sealed class SignedFieldsDigest : SignedContentDeliveryId
    {
        public override string Description => "SHA-256 of the signed fields of every item (of the body with HmacSignature)";

        protected override bool TryWriteSignedContent(in WebhookRequest request, ref PooledBytes content)
        {
            if (request.Headers.Get(SignatureHeader).Presence != HeaderPresence.Missing)
            {
                content.Append(request.Body.Span);
                return true;
            }

            var items = new List<SignedItem>();
            if (TryReadItems(request.Body, items).Failure != FailureCode.None)
            {
                return false;
            }

            foreach (var digest in items.Select(i => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(i.Data)))).Order(StringComparer.Ordinal))
            {
                content.AppendUtf8(digest);
            }

            return true;
        }
    }
}
