using System.Text;
using WebhookFirewall.Verification.Primitives;

namespace WebhookFirewall.Verification.Providers;

/// <summary>Where a provider puts the id that stays the same across its retries of one delivery.</summary>
public abstract class DeliveryIdSource
{
    public static DeliveryIdSource None { get; } = new NoDeliveryId();

    /// <summary>Human-readable description for the README's provider table and `validate`.</summary>
    public abstract string Description { get; }

    /// <summary>The header carrying the id, when the id is a header.</summary>
    public virtual string? HeaderName => null;

    public static DeliveryIdSource Header(string name) => new HeaderDeliveryId(name);

    public static DeliveryIdSource JsonField(string name) => new JsonFieldDeliveryId(name);

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

    private sealed class HeaderDeliveryId(string name) : DeliveryIdSource
    {
        public override string Description => $"header {name}";

        public override string? HeaderName => name;

        public override bool TryRead(in WebhookRequest request, out string? deliveryId)
        {
            var header = request.Headers.Get(name);
            deliveryId = header.Presence == HeaderPresence.Single && header.Value!.Length > 0 ? header.Value : null;
            return header.Presence != HeaderPresence.Multiple;
        }
    }

    private sealed class JsonFieldDeliveryId(string name) : DeliveryIdSource
    {
        private readonly byte[] _utf8Name = Encoding.UTF8.GetBytes(name);

        public override string Description => $"JSON body field {name}";

        public override bool TryRead(in WebhookRequest request, out string? deliveryId)
        {
            if (!JsonBodyFields.TryGetString(request.Body.Span, _utf8Name, out deliveryId) || string.IsNullOrEmpty(deliveryId))
            {
                deliveryId = null;
            }

            return true;
        }
    }
}
