using WebhookFirewall.Verification.Primitives;
using WebhookFirewall.Verification.Schemes;

namespace WebhookFirewall.Verification.Providers.Handshakes;

/// <summary>
/// The unsigned ping WooCommerce posts when a webhook is saved (woocommerce/woocommerce
/// plugins/woocommerce/includes/class-wc-webhook.php, deliver_ping): the form body `webhook_id=N` and no signature;
/// the webhook is saved only if the answer is exactly 200. Answered here, empty, and never forwarded: it carries no
/// event, and answering reveals nothing. Deliveries are JSON, so a body of exactly this shape is never one.
/// </summary>
internal sealed class WooCommercePing : IHandshake
{
    // WooCommerce webhook ids are WordPress post ids: a handful of digits, bounded well above any real one.
    private const int MaxIdDigits = 20;

    public bool TryAnswer(in WebhookRequest request, int secretIndex, out VerificationResult result)
    {
        result = default;
        if (!HttpMethods.IsPost(request.Method) || !IsPing(request.Body.Span))
        {
            return false;
        }

        result = VerificationResult.Challenge(HandshakeResponse.Empty(200));
        return true;
    }

    private static bool IsPing(ReadOnlySpan<byte> body)
    {
        var prefix = "webhook_id="u8;
        if (!body.StartsWith(prefix))
        {
            return false;
        }

        var id = body[prefix.Length..];
        return id.Length is > 0 and <= MaxIdDigits && !id.ContainsAnyExceptInRange((byte)'0', (byte)'9');
    }
}
