using Microsoft.AspNetCore.Http;
using StandardWebhooks;
using WebhookFirewall.Model;

namespace WebhookFirewall.Tests.Infrastructure;

/// <summary>Checks a received request's forward signature with an independent Standard Webhooks implementation.</summary>
public static class ForwardSignatureCheck
{
    /// <summary>Standard Webhooks under the firewall's own header names.</summary>
    public static readonly WebhookConfigurationOptions FirewallHeaderNames = new()
    {
        IdHeaderKey = MarkHeaders.Id,
        TimestampHeaderKey = MarkHeaders.Timestamp,
        SignatureHeaderKey = MarkHeaders.Signature,
    };

    /// <summary>Throws <see cref="StandardWebhooks.Diagnostics.WebhookVerificationException"/> unless <paramref name="key"/> signed it.</summary>
    public static void Verify(string key, ReceivedRequest received) =>
        new StandardWebhook(key, FirewallHeaderNames).Verify(Encoding.UTF8.GetString(received.Body), Headers(received));

    public static HeaderDictionary Headers(ReceivedRequest received)
    {
        var headers = new HeaderDictionary();
        foreach (var (name, values) in received.Headers)
        {
            headers[name] = values;
        }

        return headers;
    }
}
