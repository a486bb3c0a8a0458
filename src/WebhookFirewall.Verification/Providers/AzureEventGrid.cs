using WebhookFirewall.Verification.Primitives;
using WebhookFirewall.Verification.Schemes;

namespace WebhookFirewall.Verification.Providers;

/// <summary>
/// Azure Event Grid signs nothing: a delivery is authenticated by a shared secret the subscription sends, either as
/// a delivery-property header (`Header`) or in a query parameter of the registered URL (`QueryParameter`), compared
/// in constant time. Both handshakes are answered only once that secret matched (see remarks):
/// `aeg-event-type: SubscriptionValidation` → `{"validationResponse": data.validationCode}` (Event Grid schema), and
/// the CloudEvents abuse-protection `OPTIONS` → 200 with `WebHook-Allowed-Origin` (and `WebHook-Allowed-Rate` when a
/// rate was requested). The delivery id is the event's `id` when the request holds one event
/// (<see cref="SingleEventDeliveryId"/>).
/// </summary>
/// <remarks>
/// The answers are consent to receive a subscription's events, so only a subscription configured with our secret
/// gets them: anyone can create an Event Grid subscription pointing at this URL. The secret is there on both
/// handshakes: a query parameter because Event Grid validates "the exact resource target URI that is being
/// registered" (CloudEvents webhook spec §4.1) and includes the URL's query parameters in every request, and a
/// delivery-property header because Event Grid sends those during webhook validation too (its "custom delivery
/// properties" page: non-conformant header values are dropped "during event delivery to webhook destinations, but
/// not during webhook validation").
/// </remarks>
internal static class AzureEventGrid
{
    public static ProviderDefinition Definition { get; } = new()
    {
        Name = "azure-event-grid",
        Summary = "Header or QueryParameter equals a configured secret (constant-time; Event Grid does not sign); authenticated SubscriptionValidation and CloudEvents OPTIONS answered",
        Accepts = ProviderSetting.Header | ProviderSetting.QueryParameter,
        Check = Check,
        DeliveryId = new SingleEventDeliveryId("id"),
        EventTypeHeader = "aeg-event-type",
        SignedHandshake = _ => new EventGridValidation(),
    };

    private static ISignatureCheck Check(ProviderSettings settings, ICollection<SettingProblem> problems)
    {
        var hasHeader = !string.IsNullOrWhiteSpace(settings.Header);
        var hasQueryParameter = !string.IsNullOrWhiteSpace(settings.QueryParameter);
        if (hasHeader == hasQueryParameter)
        {
            problems.Add(new SettingProblem(
                hasHeader ? "QueryParameter" : "Header",
                "provider 'azure-event-grid' needs exactly one of Header (a delivery-property header carrying the secret) and QueryParameter (a query parameter of the registered URL carrying it)"));
        }

        return hasQueryParameter && !hasHeader
            ? new QueryTokenCheck(settings.QueryParameter!, settings.Secrets)
            : new TokenCheck(settings.Header ?? string.Empty, settings.Secrets);
    }

    private sealed class EventGridValidation : IHandshake
    {
        public bool TryAnswer(in WebhookRequest request, int secretIndex, out VerificationResult result) =>
            string.Equals(request.Method, "OPTIONS", StringComparison.OrdinalIgnoreCase)
                ? AbuseProtection.TryAnswer(request, secretIndex, out result)
                : TryAnswerSubscriptionValidation(request, secretIndex, out result);

        /// <summary>`aeg-event-type: SubscriptionValidation`, body `[{"data":{"validationCode":"..."},...}]`.</summary>
        private static bool TryAnswerSubscriptionValidation(in WebhookRequest request, int secretIndex, out VerificationResult result)
        {
            result = default;
            var type = request.Headers.Get("aeg-event-type");
            if (type.Presence == HeaderPresence.Multiple)
            {
                result = VerificationResult.Fail(FailureCode.MalformedSignature, Reasons.Repeated("aeg-event-type"));
                return true;
            }

            if (type.Presence == HeaderPresence.Missing || !string.Equals(type.Value, "SubscriptionValidation", StringComparison.Ordinal))
            {
                return false;
            }

            // Authenticated but without a code: nothing to answer, and a handshake is never forwarded.
            result = HandshakeJson.TryReadString(request.Body.Span, firstOfArray: true, ["data", "validationCode"], out var code)
                ? VerificationResult.Challenge(HandshakeResponse.Json(HandshakeJson.Object("validationResponse", code)), secretIndex)
                : VerificationResult.Fail(FailureCode.MalformedSignature, "an authenticated SubscriptionValidation without data.validationCode in its first event: nothing to answer, and a handshake is never forwarded.");
            return true;
        }
    }

    /// <summary>CloudEvents 1.0 webhook abuse protection (HTTP 1.1 Web Hooks for Event Delivery, §4).</summary>
    private static class AbuseProtection
    {
        // A DNS name at most; echoed into a response header, so nothing but visible ASCII.
        private const int MaxOriginLength = 253;

        public static bool TryAnswer(in WebhookRequest request, int secretIndex, out VerificationResult result)
        {
            result = default;
            var origin = request.Headers.Get("WebHook-Request-Origin");
            if (origin.Presence == HeaderPresence.Missing)
            {
                return false;
            }

            var rate = request.Headers.Get("WebHook-Request-Rate");
            if (origin.Presence == HeaderPresence.Multiple || !HeaderEcho.IsSafe(origin.Value!, MaxOriginLength)
                || rate.Presence == HeaderPresence.Multiple || (rate.Presence == HeaderPresence.Single && !IsPositiveInteger(rate.Value!)))
            {
                result = VerificationResult.Fail(FailureCode.MalformedSignature, "a CloudEvents OPTIONS probe whose WebHook-Request-Origin or WebHook-Request-Rate is repeated or not in its format.");
                return true;
            }

            List<KeyValuePair<string, string>> headers = [new("WebHook-Allowed-Origin", origin.Value!)];
            if (rate.Presence == HeaderPresence.Single)
            {
                // The spec requires an answer when a rate was asked for; the firewall's own rate limits still apply.
                headers.Add(new("WebHook-Allowed-Rate", rate.Value!));
            }

            headers.Add(new("Allow", "POST, OPTIONS"));
            result = VerificationResult.Challenge(new HandshakeResponse(200, null, string.Empty, headers), secretIndex);
            return true;
        }

        private static bool IsPositiveInteger(string value)
        {
            if (value.Length is 0 or > 9 || value[0] == '0')
            {
                return false;
            }

            foreach (var c in value)
            {
                if (!char.IsAsciiDigit(c))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
