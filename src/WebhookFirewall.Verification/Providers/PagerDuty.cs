using WebhookFirewall.Verification.Primitives;

namespace WebhookFirewall.Verification.Providers;

/// <summary>
/// PagerDuty v3 webhooks: `X-PagerDuty-Signature: v1=..[,v1=..]`, hex HMAC-SHA256 of the body keyed with the secret
/// string as shown (not decoded); one `v1` per active secret while it rolls over. The delivery id is `event.id`.
/// </summary>
public static class PagerDuty
{
    public static ProviderDefinition Definition { get; } = new()
    {
        Name = "pagerduty",
        Summary = "X-PagerDuty-Signature: v1=hex(HMAC-SHA256(secret, body))[,v1=..]",
        DefaultDeliveryId = new EventIdDeliveryId(),
        Create = (settings, problems) => new ProviderVerifier(
            "pagerduty",
            new HexSignatureListCheck("X-PagerDuty-Signature", SigningKeys.Decode(settings.Secrets, SecretDecoding.Utf8, problems)),
            settings.ReplayWindow,
            Definition!.DeliveryIdFor(settings)),
    };

    /// <summary>`{"event":{"id":"01..."}}`: the id sits one level down, under `event`.</summary>
    private sealed class EventIdDeliveryId : DeliveryIdSource
    {
        private static readonly byte[] Event = "event"u8.ToArray();
        private static readonly byte[][] Id = ["id"u8.ToArray()];

        public override string Description => "JSON body field event.id";

        public override bool TryRead(in WebhookRequest request, out string? deliveryId)
        {
            var values = new string?[1];
            var lookup = NestedJsonFields.TryGetStrings(request.Body.Span, Event, Id, values);
            deliveryId = lookup == NestedLookup.Found && !string.IsNullOrEmpty(values[0]) ? values[0] : null;
            return lookup != NestedLookup.Ambiguous;
        }
    }
}
