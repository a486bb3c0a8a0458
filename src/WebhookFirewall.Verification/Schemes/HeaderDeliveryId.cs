namespace WebhookFirewall.Verification.Schemes;

internal sealed class HeaderDeliveryId(string name) : DeliveryIdSource
{
    public override string Description => $"header {name}";

    public override string? HeaderName => name;

    public override bool IsCoveredBy(ISignatureCheck check) =>
        check.SignedIdHeader is { } signed && string.Equals(signed, name, StringComparison.OrdinalIgnoreCase);

    public override bool TryRead(in WebhookRequest request, out string? deliveryId)
    {
        var header = request.Headers.Get(name);
        deliveryId = header.Presence == HeaderPresence.Single && header.Value!.Length > 0 ? header.Value : null;
        return header.Presence != HeaderPresence.Multiple;
    }
}
