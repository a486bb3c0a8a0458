using System.Text.Json;
using WebhookFirewall.Verification.Primitives;
using WebhookFirewall.Verification.Providers.Handshakes;
using WebhookFirewall.Verification.Schemes;

namespace WebhookFirewall.Verification.Providers;

/// <summary>
/// Microsoft Graph change notifications through webhooks (microsoftgraph/microsoft-graph-docs-contrib,
/// concepts/change-notifications-delivery-webhooks.md): nothing is signed; every notification in `value[]` carries
/// the subscription's `clientState`, which must equal `ClientState` — compared in constant time, and a request is
/// refused if any of its notifications does not carry it. The endpoint validation (`POST ?validationToken=`) is
/// answered (see <see cref="GraphValidationToken"/>).
/// </summary>
/// <remarks>
/// Like a token, the clientState proves who sent a request, not what it holds: deliveries are keyed by content. One
/// POST may batch notifications of several subscriptions, so every subscription that notifies this URL must share
/// the policy's ClientState. Encrypted rich notifications (validationTokens) are not checked here.
/// </remarks>
internal static class MicrosoftGraph
{
    private static readonly JsonDocumentOptions Json = new() { MaxDepth = 64, AllowDuplicateProperties = false };

    public static ProviderDefinition Definition { get; } = new()
    {
        Name = "microsoft-graph",
        Summary = "every value[].clientState equals ClientState (constant-time; Graph signs nothing); POST validationToken answered as text/plain",
        Requires = ProviderSetting.ClientState,
        Check = (settings, problems) =>
        {
            SecretRules.Check(settings.ClientState, "ClientState", problems);
            return new ClientStateCheck(settings.ClientState ?? string.Empty);
        },
        UnsignedHandshake = _ => new GraphValidationToken(),
        CredentialFields = ["clientState"],
    };

    private sealed class ClientStateCheck(string clientState) : ISignatureCheck
    {
        private readonly SecretTokens _clientState = new([clientState]);

        public Coverage Covers => Coverage.None;

        public SignatureCheckResult Check(in WebhookRequest request)
        {
            if (request.Body.Span.IndexOfAnyExcept(" \t\r\n"u8) < 0)
            {
                return SignatureCheckResult.Fail(FailureCode.MissingSignature, "the body is empty: it carries no change notification and so no clientState.");
            }

            try
            {
                using var document = JsonDocument.Parse(request.Body, Json);
                if (document.RootElement.ValueKind != JsonValueKind.Object
                    || !document.RootElement.TryGetProperty("value", out var notifications) || notifications.ValueKind != JsonValueKind.Array)
                {
                    return SignatureCheckResult.Fail(FailureCode.MissingSignature, "the body is not a collection of change notifications (a JSON object with a value array), so it carries no clientState.");
                }

                var count = notifications.GetArrayLength();
                if (count == 0)
                {
                    return SignatureCheckResult.Fail(FailureCode.MalformedSignature, "value is empty: no notification carries a clientState.");
                }

                var position = 0;
                foreach (var notification in notifications.EnumerateArray())
                {
                    position++;
                    if (notification.ValueKind != JsonValueKind.Object || !notification.TryGetProperty("clientState", out var presented))
                    {
                        return SignatureCheckResult.Fail(FailureCode.MissingSignature, $"notification {position} of {count} carries no clientState: create the subscription with the clientState configured here.");
                    }

                    if (presented.ValueKind != JsonValueKind.String)
                    {
                        return SignatureCheckResult.Fail(FailureCode.MalformedSignature, $"the clientState of notification {position} of {count} is not a string.");
                    }

                    if (_clientState.IndexOf(presented.GetString()) < 0)
                    {
                        return SignatureCheckResult.Fail(FailureCode.InvalidSignature, $"the clientState of notification {position} of {count} is not the configured ClientState: it may not come from Microsoft Graph, or belongs to a subscription made with another clientState.");
                    }
                }

                return SignatureCheckResult.Matched(0);
            }
            catch (JsonException)
            {
                return SignatureCheckResult.Fail(FailureCode.MalformedSignature, "the body is not one JSON document with unique member names: its clientState cannot be read unambiguously.");
            }
            catch (InvalidOperationException)
            {
                return SignatureCheckResult.Fail(FailureCode.MalformedSignature, "a clientState is not valid Unicode text.");
            }
        }
    }
}
