using WebhookFirewall.Verification;

namespace WebhookFirewall.Idempotency;

/// <summary>
/// What identifies one delivery: the provider's id (trusted because the signature covers it, or bounded by a signed
/// timestamp) or the digest of what was verified (see <see cref="ContentKey"/>).
/// </summary>
internal readonly record struct DeliveryKey(IdempotencyKeyKind Kind, string Value)
{
    /// <summary>Longest `X-Webhook-Firewall-Id` sent (DESIGN: ASCII, at most 200 characters).</summary>
    private const int MaxForwardIdLength = 200;

    /// <summary>
    /// `{route}:{id}` for the forward signature: the provider's id when it is printable ASCII and short enough,
    /// otherwise its digest, `sha256:<hex>`; the same on every attempt, so it is the backend's dedupe key.
    /// </summary>
    public string ForwardId(string route)
    {
        var id = Kind == IdempotencyKeyKind.Content ? "sha256:" + Value : Value;
        if (Kind == IdempotencyKeyKind.DeliveryId && (!IsPrintableAscii(id) || route.Length + 1 + id.Length > MaxForwardIdLength))
        {
            id = "sha256:" + ContentKey.Hex(System.Text.Encoding.UTF8.GetBytes(Value));
        }

        return string.Concat(route, ":", id);
    }

    private static bool IsPrintableAscii(string text)
    {
        foreach (var c in text)
        {
            if (c is < '!' or > '~')
            {
                return false;
            }
        }

        return true;
    }
}
