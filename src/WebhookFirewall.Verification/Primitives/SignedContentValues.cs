namespace WebhookFirewall.Verification.Primitives;

/// <summary>The request values a template draws on.</summary>
internal readonly ref struct SignedContentValues
{
    public SignedContentValues(ReadOnlySpan<byte> body, string? timestamp = null, string? deliveryId = null, string? method = null, string? url = null)
    {
        Body = body;
        Timestamp = timestamp ?? string.Empty;
        DeliveryId = deliveryId ?? string.Empty;
        Method = method ?? string.Empty;
        Url = url ?? string.Empty;
    }

    public ReadOnlySpan<byte> Body { get; }

    public string Timestamp { get; }

    public string DeliveryId { get; }

    public string Method { get; }

    public string Url { get; }

    internal string Text(SignedContentTemplate.PartKind kind) => kind switch
    {
        SignedContentTemplate.PartKind.Timestamp => Timestamp,
        SignedContentTemplate.PartKind.DeliveryId => DeliveryId,
        SignedContentTemplate.PartKind.Method => Method,
        SignedContentTemplate.PartKind.Url => Url,
        _ => string.Empty,
    };
}
