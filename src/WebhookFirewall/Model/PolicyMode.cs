namespace WebhookFirewall.Model;

internal enum PolicyMode
{
    /// <summary>Failures are answered with their problem response and never forwarded.</summary>
    Enforce,

    /// <summary>Failures are counted, logged and forwarded, marked `X-Webhook-Verification: failed; code=...`.</summary>
    Report,
}
