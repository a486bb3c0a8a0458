namespace WebhookFirewall.Tests.Infrastructure;

/// <summary>The mark's header names as DESIGN.md spells them: written here, not taken from the code under test.</summary>
public static class MarkHeaders
{
    public const string Id = "X-Webhook-Firewall-Id";
    public const string Timestamp = "X-Webhook-Firewall-Timestamp";
    public const string Signature = "X-Webhook-Firewall-Signature";
}
