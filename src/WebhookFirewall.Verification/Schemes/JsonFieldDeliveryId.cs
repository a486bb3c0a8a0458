using System.Text;
using WebhookFirewall.Verification.Primitives;

namespace WebhookFirewall.Verification.Schemes;

/// <summary>A top-level member of a JSON body: trustworthy exactly when the signature covers the body.</summary>
internal sealed class JsonFieldDeliveryId(string name) : DeliveryIdSource
{
    private readonly byte[] _utf8Name = Encoding.UTF8.GetBytes(name);

    public override string Description => $"JSON body field {name}";

    public override bool IsCoveredBy(ISignatureCheck check) => check.Covers.HasFlag(Coverage.Body);

    public override bool TryRead(in WebhookRequest request, out string? deliveryId)
    {
        if (!JsonBodyFields.TryGetString(request.Body.Span, _utf8Name, out deliveryId) || string.IsNullOrEmpty(deliveryId))
        {
            deliveryId = null;
        }

        return true;
    }
}
