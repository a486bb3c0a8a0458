using System.Security.Cryptography;
using WebhookFirewall.Verification.Primitives;

namespace WebhookFirewall.Verification.Schemes;

/// <summary>
/// For schemes that sign something other than the body's bytes (decoded form fields, JSON fields): the delivery id is
/// `sha256:` and the hex SHA-256 of exactly what the signature covers. A provider's retry has the same id, and a
/// replay cannot dodge the idempotency record by re-encoding the body or changing what the signature leaves out —
/// which a digest of the raw body (the content key) would let it do.
/// </summary>
internal abstract class SignedContentDeliveryId : DeliveryIdSource
{
    private const string Prefix = "sha256:";

    public override bool IsCoveredBy(ISignatureCheck check) => check.Covers.HasFlag(Coverage.DeliveryId);

    /// <summary>Runs only after the check verified the request, so what it reads is present and well-formed.</summary>
    public override bool TryRead(in WebhookRequest request, out string? deliveryId)
    {
        deliveryId = null;
        var content = new PooledBytes(request.Body.Length);
        try
        {
            if (TryWriteSignedContent(request, ref content))
            {
                Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
                SHA256.HashData(content.Written, digest);
                deliveryId = Prefix + Convert.ToHexStringLower(digest);
            }

            return true;
        }
        finally
        {
            content.Dispose();
        }
    }

    /// <summary>Writes what the provider signs, unambiguously delimited; false when there is nothing to identify.</summary>
    protected abstract bool TryWriteSignedContent(in WebhookRequest request, ref PooledBytes content);
}
