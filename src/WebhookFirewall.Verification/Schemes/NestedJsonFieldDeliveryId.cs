using System.Text;
using WebhookFirewall.Verification.Primitives;

namespace WebhookFirewall.Verification.Schemes;

/// <summary>
/// A member some levels down (PagerDuty's `event.id`, Heroku's `webhook_metadata.delivery.id`); a member on the way
/// repeated, or not an object, makes the request malformed.
/// </summary>
internal sealed class NestedJsonFieldDeliveryId(params string[] path) : DeliveryIdSource
{
    private readonly byte[][] _path = [.. path.Select(Encoding.UTF8.GetBytes)];

    public override string Description => $"JSON body field {string.Join('.', path)}";

    public override bool IsCoveredBy(ISignatureCheck check) => check.Covers.HasFlag(Coverage.Body);

    public override bool TryRead(in WebhookRequest request, out string? deliveryId)
    {
        var lookup = NestedJsonFields.TryGetString(request.Body.Span, _path, out var value);
        deliveryId = lookup == NestedLookup.Found && !string.IsNullOrEmpty(value) ? value : null;
        return lookup != NestedLookup.Ambiguous;
    }
}
