using System.Buffers;
using WebhookFirewall.Verification.Primitives;
using WebhookFirewall.Verification.Schemes;

namespace WebhookFirewall.Verification.Providers;

/// <summary>
/// Gitea: `X-Gitea-Signature`, hex HMAC-SHA256 of the JSON payload (go-gitea/gitea services/webhook/deliver.go,
/// addDefaultHeaders). With the `form` content type the body is `payload=` and the payload form-encoded, and the
/// payload — not the body — is what is signed. `X-Gitea-Delivery` is not signed: deliveries are keyed by content.
/// </summary>
/// <remarks>
/// A form body is accepted only in the exact encoding Gitea writes (Go's `url.Values{"payload": ...}.Encode()`), so
/// the verified payload determines the forwarded bytes: no field can be added, and no re-encoding of a captured
/// delivery gets a new content key past idempotency. The GET method (payload in the query) is not verified: the
/// body, and so the content key, would be empty for every delivery.
/// </remarks>
internal static class Gitea
{
    private static readonly HmacScheme Scheme = new() { Header = "X-Gitea-Signature" };

    public static ProviderDefinition Definition { get; } = new()
    {
        Name = "gitea",
        Summary = $"{Scheme.Summary}; form content type: of the payload field (body exactly payload=<Go form-encoded JSON>)",
        Check = (settings, problems) => new PayloadFieldCheck(new HmacCheck(Scheme, SigningKeys.Decode(settings.Secrets, SecretDecoding.Utf8, problems))),
        DeliveryId = DeliveryIdSource.Header("X-Gitea-Delivery"),
        EventTypeHeader = "X-Gitea-Event",
    };

    private static ReadOnlySpan<byte> FormPrefix => "payload="u8;

    /// <summary>
    /// Decodes what Go's `url.QueryEscape` writes and nothing else: A–Z a–z 0–9 `-` `_` `.` `~` as themselves, a space
    /// as `+`, every other byte as `%XX` in upper-case hex.
    /// </summary>
    private static bool TryDecodeGoForm(ReadOnlySpan<byte> encoded, Span<byte> decoded, out int written)
    {
        written = 0;
        for (var i = 0; i < encoded.Length; i++)
        {
            var b = encoded[i];
            if (IsUnreserved(b))
            {
                decoded[written++] = b;
            }
            else if (b == '+')
            {
                decoded[written++] = (byte)' ';
            }
            else if (b == '%' && i + 2 < encoded.Length && IsUpperHex(encoded[i + 1]) && IsUpperHex(encoded[i + 2]))
            {
                var value = (byte)((HexValue(encoded[i + 1]) << 4) | HexValue(encoded[i + 2]));
                if (IsUnreserved(value) || value == ' ')
                {
                    return false;
                }

                decoded[written++] = value;
                i += 2;
            }
            else
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsUnreserved(byte b) => char.IsAsciiLetterOrDigit((char)b) || b is (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~';

    private static bool IsUpperHex(byte b) => b is >= (byte)'0' and <= (byte)'9' or >= (byte)'A' and <= (byte)'F';

    private static int HexValue(byte b) => b <= '9' ? b - '0' : b - 'A' + 10;

    private sealed class PayloadFieldCheck(HmacCheck inner) : ISignatureCheck, IWebhookSigner
    {
        public Coverage Covers => inner.Covers;

        public SignatureCheckResult Check(in WebhookRequest request)
        {
            var body = request.Body.Span;
            if (!body.StartsWith(FormPrefix))
            {
                return inner.Check(request);
            }

            var rented = ArrayPool<byte>.Shared.Rent(Math.Max(body.Length, 1));
            try
            {
                if (!TryDecodeGoForm(body[FormPrefix.Length..], rented, out var length))
                {
                    return SignatureCheckResult.Fail(FailureCode.InvalidSignature, "the body starts as Gitea's form (payload=) but is not exactly what Gitea writes for one payload: another field, or another encoding, was not signed by Gitea.");
                }

                var payload = new WebhookRequest(request.Method, request.Headers, rented.AsMemory(0, length), request.Now, request.QueryString, request.Path);
                return inner.Check(payload);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }

        /// <summary>Signs the body, or the payload a form body carries, as Gitea does.</summary>
        public void Sign(SigningInput input, ICollection<KeyValuePair<string, string>> headers)
        {
            var body = input.Body.AsSpan();
            var payload = new byte[body.Length];
            var signed = body.StartsWith(FormPrefix) && TryDecodeGoForm(body[FormPrefix.Length..], payload, out var length)
                ? input with { Body = payload[..length] }
                : input;
            inner.Sign(signed, headers);
        }
    }
}
