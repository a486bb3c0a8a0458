using System.Security.Cryptography;
using WebhookFirewall.Verification.Primitives;

namespace WebhookFirewall.Verification.Providers;

/// <summary>
/// Standard Webhooks (and Svix, its origin, with `svix-*` headers): `v1,` base64 HMAC-SHA256 of
/// `{id}.{timestamp}.{body}`, several signatures space-separated, key = base64 after `whsec_`.
/// </summary>
public static class StandardWebhooks
{
    public static ProviderDefinition StandardDefinition { get; } = Define("standard-webhooks", "webhook-");

    public static ProviderDefinition SvixDefinition { get; } = Define("svix", "svix-");

    private static ProviderDefinition Define(string name, string headerPrefix)
    {
        ProviderDefinition? definition = null;
        definition = new ProviderDefinition
        {
            Name = name,
            Summary = $"{headerPrefix}signature: v1,base64(HMAC-SHA256(base64-decoded whsec_ key, \"{{id}}.{{timestamp}}.{{body}}\")), space-separated list",
            DefaultDeliveryId = DeliveryIdSource.Header(headerPrefix + "id"),
            Create = (settings, problems) => new ProviderVerifier(
                name,
                new SignatureListCheck(headerPrefix, SigningKeys.Decode(settings.Secrets, SecretDecoding.WhsecBase64, problems)),
                settings.ReplayWindow,
                definition!.DeliveryIdFor(settings)),
        };
        return definition;
    }

    private sealed class SignatureListCheck(string headerPrefix, byte[][] keys) : ISignatureCheck, IWebhookSigner
    {
        // Rotation puts a handful of signatures in the header; a long list is an attempt to make us work.
        private const int MaxSignatures = 16;
        private static readonly SignedContentTemplate Content = SignedContentTemplate.Parse("{id}.{timestamp}.{body}");

        // Checking reads the headers itself (the signature is a list); the header names here serve signing.
        private readonly HmacSignatureCheck _mac = new(headerPrefix + "signature", keys)
        {
            SignedContent = Content,
            Encoding = SignatureEncoding.Base64,
            Prefix = "v1,",
            TimestampHeader = headerPrefix + "timestamp",
            DeliveryIdHeader = headerPrefix + "id",
        };

        private readonly string _signatureHeader = headerPrefix + "signature";
        private readonly string _idHeader = headerPrefix + "id";
        private readonly string _timestampHeader = headerPrefix + "timestamp";

        public void Sign(SigningInput input, ICollection<KeyValuePair<string, string>> headers) => _mac.Sign(input, headers);

        public SignatureCheckResult Check(in WebhookRequest request)
        {
            var signature = request.Headers.Get(_signatureHeader);
            if (signature.Presence == HeaderPresence.Missing)
            {
                return SignatureCheckResult.Fail(FailureCode.MissingSignature);
            }

            var id = request.Headers.Get(_idHeader);
            var timestamp = request.Headers.Get(_timestampHeader);
            if (signature.Presence == HeaderPresence.Multiple || id.Presence != HeaderPresence.Single || id.Value!.Length == 0
                || timestamp.Presence != HeaderPresence.Single || !Timestamps.TryParse(timestamp.Value, TimestampUnit.UnixSeconds, out var signedAt))
            {
                return SignatureCheckResult.Fail(FailureCode.MalformedSignature);
            }

            Span<byte> candidates = stackalloc byte[MaxSignatures * HMACSHA256.HashSizeInBytes];
            var count = 0;
            var list = signature.Value.AsSpan();
            foreach (var range in list.Split(' '))
            {
                var entry = list[range];
                if (!entry.StartsWith("v1,", StringComparison.Ordinal))
                {
                    continue; // other schemes (v1a asymmetric) are not ours to judge
                }

                if (count == MaxSignatures)
                {
                    return SignatureCheckResult.Fail(FailureCode.MalformedSignature);
                }

                if (SignatureDecoder.TryDecode(entry[3..], SignatureEncoding.Base64, candidates[(count * HMACSHA256.HashSizeInBytes)..], HMACSHA256.HashSizeInBytes))
                {
                    count++;
                }
            }

            if (count == 0)
            {
                return SignatureCheckResult.Fail(FailureCode.MalformedSignature);
            }

            // All candidates in one call: one HMAC of the body per key, not per listed signature, so a header padded
            // with bogus entries costs an unauthenticated sender's target no extra hashing of a large body.
            var index = _mac.MatchingKey(request, candidates[..(count * HMACSHA256.HashSizeInBytes)], timestamp.Value, id.Value);
            return index < 0 ? SignatureCheckResult.Fail(FailureCode.InvalidSignature) : SignatureCheckResult.Matched(index, signedAt);
        }
    }
}
