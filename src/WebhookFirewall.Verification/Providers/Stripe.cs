using System.Buffers;
using System.Security.Cryptography;
using WebhookFirewall.Verification.Primitives;

namespace WebhookFirewall.Verification.Providers;

/// <summary>
/// Stripe: `Stripe-Signature: t=..,v1=..[,v1=..]`, hex HMAC-SHA256 of `{t}.{body}` keyed with the whole `whsec_`
/// string. The event `id` in the body is the delivery id: Stripe re-signs every retry with a new `t`.
/// </summary>
/// <remarks>
/// Checked over the raw body bytes, as every other provider is. Stripe.net's EventUtility works on a decoded string,
/// which costs a string of the body, its re-encoding and LINQ per delivery (7 KB for a 1 KiB body, 330 KB on the
/// large-object heap for 64 KiB), and needs a strict decoder so that bytes replaced by U+FFFD cannot verify; raw
/// bytes have neither problem. The tests still sign with Stripe.net and compare verdicts with it.
/// </remarks>
public static class Stripe
{
    public static ProviderDefinition Definition { get; } = new()
    {
        Name = "stripe",
        Summary = "Stripe-Signature: t=..,v1=hex(HMAC-SHA256(whsec_ secret, \"{t}.{body}\")), several v1 allowed",
        DefaultDeliveryId = DeliveryIdSource.JsonField("id"),
        Create = (settings, problems) => new ProviderVerifier(
            "stripe",
            new StripeSignatureCheck(SigningKeys.Decode(settings.Secrets, SecretDecoding.Utf8, problems)),
            settings.ReplayWindow,
            Definition!.DeliveryIdFor(settings)),
    };

    private sealed class StripeSignatureCheck(byte[][] keys) : ISignatureCheck
    {
        private const string Header = "Stripe-Signature";
        private const int MacSize = HMACSHA256.HashSizeInBytes;

        // Rotation puts a handful of v1 entries in the header; a long list is an attempt to make us work.
        private const int MaxSignatures = 16;

        private const int StackContentLimit = 256;

        public SignatureCheckResult Check(in WebhookRequest request)
        {
            var header = request.Headers.Get(Header);
            if (header.Presence == HeaderPresence.Missing)
            {
                return SignatureCheckResult.Fail(FailureCode.MissingSignature);
            }

            Span<byte> candidates = stackalloc byte[MaxSignatures * MacSize];
            if (header.Presence == HeaderPresence.Multiple
                || !TryParseHeader(header.Value, candidates, out var timestamp, out var signedAt, out var count))
            {
                return SignatureCheckResult.Fail(FailureCode.MalformedSignature);
            }

            var index = MatchingKey(timestamp, request.Body.Span, candidates[..(count * MacSize)]);
            return index < 0 ? SignatureCheckResult.Fail(FailureCode.InvalidSignature) : SignatureCheckResult.Matched(index, signedAt);
        }

        /// <summary>Index of the first key whose MAC of `{t}.{body}` equals any presented v1, or -1.</summary>
        private int MatchingKey(ReadOnlySpan<char> timestamp, ReadOnlySpan<byte> body, ReadOnlySpan<byte> candidates)
        {
            // `t` as sent (digits only, already checked), then '.', then the body: the exact bytes Stripe signed.
            var length = timestamp.Length + 1 + body.Length;
            byte[]? rented = null;
            var content = length <= StackContentLimit
                ? stackalloc byte[StackContentLimit]
                : (rented = ArrayPool<byte>.Shared.Rent(length));
            try
            {
                for (var i = 0; i < timestamp.Length; i++)
                {
                    content[i] = (byte)timestamp[i];
                }

                content[timestamp.Length] = (byte)'.';
                body.CopyTo(content[(timestamp.Length + 1)..]);

                Span<byte> expected = stackalloc byte[MacSize];
                for (var k = 0; k < keys.Length; k++)
                {
                    HMACSHA256.HashData(keys[k], content[..length], expected);
                    for (var c = 0; c < candidates.Length; c += MacSize)
                    {
                        if (CryptographicOperations.FixedTimeEquals(expected, candidates.Slice(c, MacSize)))
                        {
                            return k;
                        }
                    }
                }

                return -1;
            }
            finally
            {
                if (rented is not null)
                {
                    ArrayPool<byte>.Shared.Return(rented);
                }
            }
        }

        /// <summary>
        /// Comma-separated `key=value` items: exactly one numeric `t`, one to <see cref="MaxSignatures"/> `v1` of 64 hex
        /// digits (decoded into <paramref name="candidates"/>); other schemes such as test mode's `v0` are ignored.
        /// Anything else - an item without '=', a repeated `t` - is not Stripe's format.
        /// </summary>
        private static bool TryParseHeader(ReadOnlySpan<char> value, Span<byte> candidates, out ReadOnlySpan<char> timestamp, out DateTimeOffset signedAt, out int count)
        {
            timestamp = default;
            signedAt = default;
            count = 0;
            var seenTimestamp = false;
            foreach (var range in value.Split(','))
            {
                var item = value[range].Trim();
                var equals = item.IndexOf('=');
                if (equals <= 0)
                {
                    return false;
                }

                var key = item[..equals];
                var text = item[(equals + 1)..];
                if (key.SequenceEqual("t"))
                {
                    // Stripe's timestamps fit 32 bits (Stripe.net parses `t` as an Int32): a larger one is not Stripe's.
                    if (seenTimestamp || !Timestamps.TryParse(text, TimestampUnit.UnixSeconds, out signedAt) || signedAt.ToUnixTimeSeconds() > int.MaxValue)
                    {
                        return false;
                    }

                    seenTimestamp = true;
                    timestamp = text;
                }
                else if (key.SequenceEqual("v1"))
                {
                    if (count == MaxSignatures || !SignatureDecoder.TryDecode(text, SignatureEncoding.Hex, candidates[(count * MacSize)..], MacSize))
                    {
                        return false;
                    }

                    count++;
                }
            }

            return seenTimestamp && count > 0;
        }
    }
}
