using System.Text;
using System.Text.Json;

namespace WebhookFirewall.Verification.Schemes;

/// <summary>
/// The id of the only event in a body that may batch several (SendGrid, Event Grid): a top-level object's member,
/// or that of the single object in a one-element array. A batch of several events has no id: the events' own ids
/// name the events, not the request, and a provider may batch a retried event with new ones — keyed by its first
/// event, such a request would be taken for a duplicate and the new events dropped.
/// </summary>
internal sealed class SingleEventDeliveryId(string name) : DeliveryIdSource
{
    private static readonly JsonReaderOptions Options = new() { MaxDepth = 64 };

    private readonly byte[] _utf8Name = Encoding.UTF8.GetBytes(name);

    public override string Description => $"JSON field {name} of the only event (an object, or an array of one)";

    public override bool IsCoveredBy(ISignatureCheck check) => check.Covers.HasFlag(Coverage.Body);

    public override bool TryRead(in WebhookRequest request, out string? deliveryId)
    {
        deliveryId = Read(request.Body.Span);
        if (string.IsNullOrEmpty(deliveryId))
        {
            deliveryId = null;
        }

        return true;
    }

    private string? Read(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body, Options);
            if (!reader.Read())
            {
                return null;
            }

            var inArray = reader.TokenType == JsonTokenType.StartArray;
            if (inArray && !reader.Read())
            {
                return null;
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            string? id = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var matches = id is null && reader.ValueTextEquals(_utf8Name);
                if (!reader.Read())
                {
                    return null;
                }

                if (matches && reader.TokenType == JsonTokenType.String)
                {
                    id = reader.GetString();
                }
                else
                {
                    reader.Skip();
                }
            }

            // After the event's closing brace: the array must end here (exactly one event), or the body must.
            return !inArray || (reader.Read() && reader.TokenType == JsonTokenType.EndArray) ? id : null;
        }
        catch (JsonException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            return null; // GetString on a string that is not valid Unicode (see JsonBodyFields)
        }
    }
}
