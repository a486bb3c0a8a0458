using System.Text;
using WebhookFirewall.Verification.Primitives;

namespace WebhookFirewall.Verification.Schemes;

/// <summary>A member one level down (PagerDuty's `event.id`); a repeated outer or inner member makes the request malformed.</summary>
internal sealed class NestedJsonFieldDeliveryId(string outer, string inner) : DeliveryIdSource
{
    private readonly byte[] _outer = Encoding.UTF8.GetBytes(outer);
    private readonly byte[][] _inner = [Encoding.UTF8.GetBytes(inner)];

    public override string Description => $"JSON body field {outer}.{inner}";

    public override bool IsCoveredBy(ISignatureCheck check) => check.Covers.HasFlag(Coverage.Body);

    public override bool TryRead(in WebhookRequest request, out string? deliveryId)
    {
        var values = new string?[1];
        var lookup = NestedJsonFields.TryGetStrings(request.Body.Span, _outer, _inner, values);
        deliveryId = lookup == NestedLookup.Found && !string.IsNullOrEmpty(values[0]) ? values[0] : null;
        return lookup != NestedLookup.Ambiguous;
    }
}
