namespace WebhookFirewall.Verification.Schemes;

/// <summary>Where a provider puts the id that stays the same across its retries of one delivery.</summary>
internal abstract class DeliveryIdSource
{
    public static DeliveryIdSource None { get; } = new NoDeliveryId();

    /// <summary>In words, for the README's provider table and `validate`.</summary>
    public abstract string Description { get; }

    /// <summary>The header carrying the id, when the id is a header.</summary>
    public virtual string? HeaderName => null;

    public static DeliveryIdSource Header(string name) => new HeaderDeliveryId(name);

    public static DeliveryIdSource JsonField(string name) => new JsonFieldDeliveryId(name);

    /// <summary>Whether a matching <paramref name="check"/> proves this id unchanged (so a replay cannot alter it).</summary>
    public virtual bool IsCoveredBy(ISignatureCheck check) => false;

    /// <summary>False when the id is ambiguous (a repeated header): the request is then malformed.</summary>
    public abstract bool TryRead(in WebhookRequest request, out string? deliveryId);

    private sealed class NoDeliveryId : DeliveryIdSource
    {
        public override string Description => "none";

        public override bool TryRead(in WebhookRequest request, out string? deliveryId)
        {
            deliveryId = null;
            return true;
        }
    }
}
